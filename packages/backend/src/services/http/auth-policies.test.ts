import { describe, expect, it } from 'vitest';
import { AuthPolicies } from './auth-policies.js';

describe('AuthPolicies', () => {
  it('requires credentials everywhere when no policy is added', () => {
    expect(new AuthPolicies().match('/')).toBeUndefined();
    expect(new AuthPolicies().match('/entities')).toBeUndefined();
  });

  it('matches a policy path as a prefix of whole segments', () => {
    const policies = new AuthPolicies();
    policies.add({ path: '/static', allow: 'unauthenticated' });
    expect(policies.match('/static')).toBe('unauthenticated');
    expect(policies.match('/static/')).toBe('unauthenticated');
    expect(policies.match('/static/img/logo.png')).toBe('unauthenticated');
    expect(policies.match('/statistics')).toBeUndefined();
    expect(policies.match('/')).toBeUndefined();
    expect(policies.match('/api/static')).toBeUndefined();
  });

  it("makes the whole plugin public with '/'", () => {
    const policies = new AuthPolicies();
    policies.add({ path: '/', allow: 'unauthenticated' });
    expect(policies.match('/')).toBe('unauthenticated');
    expect(policies.match('/anything/at/all')).toBe('unauthenticated');
  });

  it('lets a :name segment stand for any one segment', () => {
    const policies = new AuthPolicies();
    policies.add({ path: '/entities/:uid/badge', allow: 'unauthenticated' });
    expect(policies.match('/entities/1234/badge')).toBe('unauthenticated');
    expect(policies.match('/entities/1234/badge/svg')).toBe('unauthenticated');
    expect(policies.match('/entities/1234')).toBeUndefined();
    expect(policies.match('/entities//badge')).toBeUndefined();
  });

  it("prefers 'unauthenticated' over 'user-cookie' when both cover a path", () => {
    const policies = new AuthPolicies();
    policies.add({ path: '/docs', allow: 'user-cookie' });
    policies.add({ path: '/docs/public', allow: 'unauthenticated' });
    expect(policies.match('/docs/private/page')).toBe('user-cookie');
    expect(policies.match('/docs/public/page')).toBe('unauthenticated');
  });

  it('refuses malformed policies with a message naming the problem', () => {
    const policies = new AuthPolicies();
    expect(() => policies.add({ path: 'static', allow: 'unauthenticated' })).toThrow(
      /Invalid auth policy path 'static'/,
    );
    expect(() => policies.add({ path: '/static/*', allow: 'unauthenticated' })).toThrow(
      /Invalid auth policy path/,
    );
    expect(() => policies.add({ path: '/x', allow: 'everyone' as never })).toThrow(
      /Invalid auth policy allow 'everyone'/,
    );
  });
});
