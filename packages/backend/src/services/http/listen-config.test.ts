import { ConfigReader } from '@greenroom/config';
import { describe, expect, it } from 'vitest';
import { listenConfigSchema, urlHost } from './listen-config.js';

describe('listenConfigSchema', () => {
  it('defaults to localhost:7007', () => {
    expect(listenConfigSchema.parse(undefined)).toEqual({ host: 'localhost', port: 7007 });
    expect(listenConfigSchema.parse({})).toEqual({ host: 'localhost', port: 7007 });
  });

  it.each([
    ['0.0.0.0:8080', { host: '0.0.0.0', port: 8080 }],
    [':7007', { host: '0.0.0.0', port: 7007 }],
    ['[::1]:7007', { host: '::1', port: 7007 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
  ])("reads the string '%s'", (value, expected) => {
    expect(listenConfigSchema.parse(value)).toEqual(expected);
  });

  it('reads { host, port } with the port as a number or a numeric string (from env substitution)', () => {
    expect(listenConfigSchema.parse({ host: '127.0.0.1', port: '0' })).toEqual({
      host: '127.0.0.1',
      port: 0,
    });
    expect(listenConfigSchema.parse({ port: 9000 })).toEqual({ host: 'localhost', port: 9000 });
  });

  it.each([{ port: 70000 }, { port: 'http' }, 'localhost', 'localhost:99999', { port: 1.5 }])(
    'rejects %j',
    (value) => {
      expect(listenConfigSchema.safeParse(value).success).toBe(false);
    },
  );

  it.each([{ port: 'seven' }, { port: 70000 }, { port: -1 }, { port: true }])(
    'explains what a port must be when given %j',
    (value) => {
      const config = new ConfigReader({ backend: { listen: value } });
      expect(() => config.read('backend.listen', listenConfigSchema)).toThrow(
        'backend.listen.port: Use a port number from 0 to 65535',
      );
    },
  );
});

describe('urlHost', () => {
  it('turns wildcard addresses into localhost and brackets IPv6 literals', () => {
    expect(urlHost('0.0.0.0')).toBe('localhost');
    expect(urlHost('::')).toBe('localhost');
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('backend.internal')).toBe('backend.internal');
  });
});
