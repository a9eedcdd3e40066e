import { describe, expect, it } from 'vitest';
import { POPUP_PAGE_CSP, popupResponsePage, signInFailedPage } from './popup-page.js';

describe('the popup pages', () => {
  it('carry the message as inert JSON that cannot close its script element', () => {
    const html = popupResponsePage({
      origin: 'http://localhost:3000',
      message: {
        type: 'authorization_response',
        error: { name: 'NotAllowedError', message: '</script><script>alert(1)</script> & \u2028' },
      },
    });
    expect(html).not.toContain('</script><script>alert(1)');
    const json = /<script type="application\/json" id="data">([^<]*)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json)).toEqual({
      origin: 'http://localhost:3000',
      message: {
        type: 'authorization_response',
        error: { name: 'NotAllowedError', message: '</script><script>alert(1)</script> & \u2028' },
      },
    });
    // The inline script is the one the CSP allows by hash, and it posts to the given origin only.
    expect(POPUP_PAGE_CSP).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(html).toContain('postMessage(d.message,d.origin)');
  });

  it('escape the message of a failure page as HTML', () => {
    const html = signInFailedPage('<img src=x onerror=alert(1)> "quoted"');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;');
    expect(html).not.toContain('<script');
  });
});
