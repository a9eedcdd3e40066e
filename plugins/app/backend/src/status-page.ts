/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page served at `/` until the web portal is built: it tells a newcomer that the
 * portal is up and where to go next.
 *
 * @example
 * renderStatusPage({ title: 'Greenroom' });
 */
export function renderStatusPage(options: { title: string }): string {
  const title = escapeHtml(options.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { max-width: 40rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5; }
  code { background: color-mix(in srgb, currentColor 10%, transparent); padding: 0 .25rem; border-radius: .25rem; }
</style>
</head>
<body>
<main>
<h1>${title} is up</h1>
<p>The backend is running. The web portal will be served here.</p>
<p>Health: <a href="/.backstage/health/v1/readiness"><code>/.backstage/health/v1/readiness</code></a></p>
</main>
</body>
</html>
`;
}
