import { describe, expect, it } from 'vitest';
import { proxyEndpointSchema } from '../config/proxy-config.js';
import { ProxyEndpoint } from './proxy-endpoint.js';

function endpoint(route: string, config: unknown): ProxyEndpoint {
  return new ProxyEndpoint(route, proxyEndpointSchema.parse(config) as never, '/api/proxy');
}

describe('ProxyEndpoint', () => {
  it('appends the rest of the path and the query to the target, keeping its base path', () => {
    const github = endpoint('/github', 'https://api.example.test/v3');
    expect(github.upstreamUrl('/api/proxy/github/repos/a?page=2').href).toBe(
      'https://api.example.test/v3/repos/a?page=2',
    );
    expect(github.upstreamUrl('/api/proxy/github').href).toBe('https://api.example.test/v3');
  });

  it('applies the first matching pathRewrite to the full path instead of stripping the route', () => {
    const jira = endpoint('/jira', {
      target: 'https://jira.example.test',
      pathRewrite: { '^/api/proxy/jira/api/': '/rest/api/2/' },
    });
    expect(jira.upstreamUrl('/api/proxy/jira/api/issue/1').pathname).toBe('/rest/api/2/issue/1');
  });

  it('refuses dot segments, also percent-encoded or hidden behind an encoded slash', () => {
    const api = endpoint('/api', 'http://127.0.0.1:9/base');
    for (const path of [
      '/api/proxy/api/../admin',
      '/api/proxy/api/%2e%2e/admin',
      '/api/proxy/api/a%2F..%2Fadmin',
      '/api/proxy/api/./x',
    ]) {
      expect(() => api.upstreamUrl(path), path).toThrow(/'\.' or '\.\.' segments/);
    }
    expect(api.upstreamUrl('/api/proxy/api/group%2Fproject').pathname).toBe('/base/group%2Fproject');
  });

  it('refuses a rewrite that would leave the target', () => {
    const evil = endpoint('/x', {
      target: 'http://127.0.0.1:9/base',
      pathRewrite: { '^/api/proxy/x': '/../admin' },
    });
    expect(() => evil.upstreamUrl('/api/proxy/x/y')).toThrow(/leaves the configured target/);
    // A host-looking path stays a path on the target.
    const hostLike = endpoint('/h', {
      target: 'http://127.0.0.1:9/base',
      pathRewrite: { '^/api/proxy/h': '//evil.example.test' },
    });
    expect(hostLike.upstreamUrl('/api/proxy/h/y').href).toBe('http://127.0.0.1:9/base//evil.example.test/y');
  });

  it('forwards only safe, configured and allowed request headers, never hop-by-hop ones', () => {
    const api = endpoint('/api', {
      target: 'http://127.0.0.1:9',
      headers: { 'X-Api-Key': 'secret' },
      allowedHeaders: ['X-Trace'],
    });
    const headers = api.requestHeaders(
      {
        host: 'portal.example.test',
        accept: 'application/json',
        cookie: 'greenroom-auth=abc',
        authorization: 'Bearer user-token',
        'x-trace': '1',
        'x-other': '2',
        connection: 'keep-alive, x-trace',
        'keep-alive': 'timeout=5',
      },
      { forwardAuthorization: false },
    );
    expect(headers).toEqual({ host: '127.0.0.1:9', accept: 'application/json', 'x-api-key': 'secret' });
  });

  it('keeps the caller Host when changeOrigin is false and forwards Authorization when asked', () => {
    const api = endpoint('/api', { target: 'http://127.0.0.1:9', changeOrigin: false });
    expect(
      api.requestHeaders({ host: 'portal.test', authorization: 'Bearer t' }, { forwardAuthorization: true }),
    ).toEqual({
      host: 'portal.test',
      authorization: 'Bearer t',
    });
  });

  it('passes back only safe and allowed response headers', () => {
    const api = endpoint('/api', { target: 'http://127.0.0.1:9', allowedHeaders: ['x-rate-limit'] });
    expect(
      api.responseHeaders({
        'content-type': 'text/plain',
        'set-cookie': ['a=1'],
        'x-rate-limit': '10',
        'x-powered-by': 'upstream',
        'transfer-encoding': 'chunked',
      }),
    ).toEqual({ 'content-type': 'text/plain', 'x-rate-limit': '10' });
  });

  it('allows every method by default, and only the listed ones otherwise', () => {
    expect(endpoint('/a', 'http://127.0.0.1:9').allowsMethod('DELETE')).toBe(true);
    const readOnly = endpoint('/b', { target: 'http://127.0.0.1:9', allowedMethods: ['get', 'HEAD'] });
    expect(readOnly.allowsMethod('get')).toBe(true);
    expect(readOnly.allowsMethod('POST')).toBe(false);
  });
});
