import { describe, expect, it } from 'vitest';
import { ReadingAllowList } from './reading-allow-list.js';
import { urlReaderConfigSchema } from './url-reader-config.js';

const allows = (allow: unknown, url: string) =>
  new ReadingAllowList(urlReaderConfigSchema.parse({ allow }).allow).allows(new URL(url));

describe('ReadingAllowList', () => {
  it('allows an exact host on its default port only', () => {
    const allow = [{ host: 'example.com' }];
    expect(allows(allow, 'https://example.com/a.yaml')).toBe(true);
    expect(allows(allow, 'https://EXAMPLE.com:443/a.yaml')).toBe(true);
    expect(allows(allow, 'https://example.com:8443/a.yaml')).toBe(false);
    expect(allows(allow, 'https://other.com/a.yaml')).toBe(false);
    expect(allows(allow, 'https://example.com.evil.io/a.yaml')).toBe(false);
  });

  it('allows a host with a port when the port is listed', () => {
    expect(allows([{ host: 'localhost:8080' }], 'http://localhost:8080/x')).toBe(true);
    expect(allows([{ host: 'localhost:8080' }], 'http://localhost:8081/x')).toBe(false);
  });

  it('lets a wildcard match subdomains but not the bare domain', () => {
    const allow = [{ host: '*.example.com' }];
    expect(allows(allow, 'https://docs.example.com/a')).toBe(true);
    expect(allows(allow, 'https://a.b.example.com/a')).toBe(true);
    expect(allows(allow, 'https://example.com/a')).toBe(false);
    expect(allows(allow, 'https://notexample.com/a')).toBe(false);
  });

  it('limits reading to path prefixes that match whole segments', () => {
    const allow = [{ host: 'example.com', paths: ['/catalog/', '/docs'] }];
    expect(allows(allow, 'https://example.com/catalog/a.yaml')).toBe(true);
    expect(allows(allow, 'https://example.com/docs')).toBe(true);
    expect(allows(allow, 'https://example.com/docs/x.md')).toBe(true);
    expect(allows(allow, 'https://example.com/docs-private/x.md')).toBe(false);
    expect(allows(allow, 'https://example.com/secret')).toBe(false);
  });

  it('judges the normalised path, so traversal out of an allowed prefix is refused', () => {
    const allow = [{ host: 'example.com', paths: ['/catalog/'] }];
    expect(allows(allow, 'https://example.com/catalog/../secret')).toBe(false);
    expect(allows(allow, 'https://example.com/catalog/%2e%2e/secret')).toBe(false);
    expect(allows(allow, 'https://example.com/catalog/..%2fsecret')).toBe(false);
    expect(allows(allow, 'https://example.com/catalog/..%5csecret')).toBe(false);
    expect(allows(allow, 'https://example.com/catalog/sub/../a.yaml')).toBe(true);
  });

  it('reads only http and https URLs without credentials', () => {
    const allow = [{ host: 'example.com' }];
    expect(allows(allow, 'ftp://example.com/a')).toBe(false);
    expect(allows(allow, 'https://user:pw@example.com/a')).toBe(false);
  });

  it('refuses malformed hosts in config', () => {
    expect(() => urlReaderConfigSchema.parse({ allow: [{ host: 'https://example.com' }] })).toThrow(
      /use a host name with an optional port/,
    );
    expect(() => urlReaderConfigSchema.parse({ allow: [{ host: '*' }] })).toThrow();
  });
});
