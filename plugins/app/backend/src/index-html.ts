import { escapeHtml } from './status-page.js';

/** The id of the element holding the frontend config; the web runtime reads it. */
export const FRONTEND_CONFIG_ELEMENT_ID = 'greenroom-frontend-config';

/**
 * Serialises JSON so it cannot end the `<script>` element it sits in (`</script>`,
 * `<!--`) nor break on the line separators JavaScript once disallowed.
 */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Puts the frontend config into the built index.html (as a JSON `<script>` that the
 * browser does not execute) and sets the page title.
 *
 * @example
 * injectFrontendConfig(html, { app: { title: 'Greenroom' } });
 */
export function injectFrontendConfig(html: string, config: Record<string, unknown>): string {
  const title = (config.app as { title?: unknown } | undefined)?.title;
  const script = `<script id="${FRONTEND_CONFIG_ELEMENT_ID}" type="application/json">${jsonForScript(config)}</script>`;
  let out = html.includes('</head>')
    ? html.replace('</head>', () => `${script}\n</head>`)
    : `${script}${html}`;
  if (typeof title === 'string')
    out = out.replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(title)}</title>`);
  return out;
}
