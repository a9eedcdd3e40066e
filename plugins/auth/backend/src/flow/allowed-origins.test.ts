import { InputError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { AllowedOrigins } from './allowed-origins.js';

describe('allowed origins', () => {
  const origins = new AllowedOrigins(['http://localhost:3000/app', 'https://portal.example.com']);

  it('accepts the origin of app.baseUrl and the configured extra origins', () => {
    expect(origins.default).toBe('http://localhost:3000');
    expect(origins.checkOrigin('http://localhost:3000')).toBe('http://localhost:3000');
    expect(origins.checkOrigin('https://portal.example.com/')).toBe('https://portal.example.com');
    expect(origins.checkRedirectUrl('https://portal.example.com/catalog?x=1')).toBe(
      'https://portal.example.com/catalog?x=1',
    );
  });

  it('refuses look-alike hosts, other schemes and ports, paths as origins and credentials in URLs', () => {
    for (const origin of [
      'http://localhost:3001',
      'https://localhost:3000',
      'http://localhost:3000.evil.example',
      'http://localhost:3000/path',
      'javascript:alert(1)',
      '',
    ]) {
      expect(() => origins.checkOrigin(origin), origin).toThrow(InputError);
    }
    for (const url of [
      'https://evil.example/',
      '//portal.example.com/x',
      'https://a:b@portal.example.com/',
      '/relative',
    ]) {
      expect(() => origins.checkRedirectUrl(url), url).toThrow(InputError);
    }
  });
});
