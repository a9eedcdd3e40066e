import { Code, Skeleton, useComputedColorScheme } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';

/** The languages API definitions come in. */
export type DefinitionLanguage = 'yaml' | 'json' | 'graphql' | 'proto';

/**
 * Loads shiki with only the grammars and themes we use and the JavaScript regex engine
 * (no WebAssembly, so the page's Content-Security-Policy stays strict). Loaded once, lazily.
 */
const loadHighlighter = (() => {
  let highlighter: Promise<import('shiki/core').HighlighterCore> | undefined;
  return () => {
    highlighter ??= (async () => {
      const [{ createHighlighterCore }, { createJavaScriptRegexEngine }] = await Promise.all([
        import('shiki/core'),
        import('shiki/engine/javascript'),
      ]);
      return createHighlighterCore({
        engine: createJavaScriptRegexEngine(),
        themes: [import('@shikijs/themes/github-light'), import('@shikijs/themes/github-dark')],
        langs: [
          import('@shikijs/langs/yaml'),
          import('@shikijs/langs/json'),
          import('@shikijs/langs/graphql'),
          import('@shikijs/langs/proto'),
        ],
      });
    })();
    return highlighter;
  };
})();

/**
 * Source code with syntax highlighting in the current colour scheme; plain text
 * until the highlighter has loaded.
 *
 * @example
 * <HighlightedCode code={definition} language="graphql" />
 */
export function HighlightedCode(props: { code: string; language: DefinitionLanguage }) {
  const scheme = useComputedColorScheme('light');
  const html = useQuery({
    queryKey: ['highlight', props.language, scheme, props.code],
    queryFn: async () =>
      (await loadHighlighter()).codeToHtml(props.code, {
        lang: props.language,
        theme: scheme === 'dark' ? 'github-dark' : 'github-light',
      }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (html.isPending) return <Skeleton height={200} />;
  if (!html.data) return <Code block>{props.code}</Code>;
  // biome-ignore lint/security/noDangerouslySetInnerHtml: shiki escapes the code; the HTML holds only its own spans
  return <div className="greenroom-code" dangerouslySetInnerHTML={{ __html: html.data }} />;
}
