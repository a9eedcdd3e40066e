import { createHash } from 'node:crypto';

// The one script of the page; the CSP allows exactly this script by hash.
const SCRIPT =
  "(function(){var d=JSON.parse(document.getElementById('data').textContent);" +
  'if(window.opener){window.opener.postMessage(d.message,d.origin);}window.close();})();';
const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

/** The Content-Security-Policy of the pages below: no loads, only the known script. */
export const POPUP_PAGE_CSP = `default-src 'none'; script-src 'sha256-${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** What the popup posts to the web app that opened it. */
export type PopupMessage =
  | { type: 'authorization_response'; response: unknown }
  | { type: 'authorization_response'; error: { name: string; message: string } };

/**
 * The page the popup lands on after the identity provider: posts `message` to the
 * opener on `origin` only (an already validated origin) and closes. Data goes in a
 * JSON script element with `<`, `>`, `&` and line separators escaped, so nothing in
 * it can end the element or run.
 *
 * @example
 * reply.header('content-security-policy', POPUP_PAGE_CSP).type('text/html').send(
 *   popupResponsePage({ origin: 'http://localhost:3000', message: { type: 'authorization_response', response } }),
 * );
 */
export function popupResponsePage(options: { origin: string; message: PopupMessage }): string {
  const data = escapeJsonForHtml(JSON.stringify({ origin: options.origin, message: options.message }));
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Signing in</title></head>
<body><p>Signing in…</p>
<script type="application/json" id="data">${data}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}

/**
 * A plain page for a sign-in that cannot report back (unknown or expired state): no
 * script, the message HTML-escaped.
 *
 * @example
 * reply.code(400).header('content-security-policy', POPUP_PAGE_CSP).type('text/html').send(signInFailedPage('…'));
 */
export function signInFailedPage(message: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Sign-in failed</title></head>
<body><h1>Sign-in failed</h1><p>${escapeHtml(message)}</p><p>Close this window and try again.</p></body></html>
`;
}

function escapeJsonForHtml(json: string): string {
  return json
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
