import { InputError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { getCompoundEntityRef, parseEntityRef, stringifyEntityRef, tryParseEntityRef } from './entity-ref.js';

describe('parseEntityRef', () => {
  it.each([
    ['component:default/checkout', {}, { kind: 'component', namespace: 'default', name: 'checkout' }],
    ['Component:Payments/Checkout', {}, { kind: 'Component', namespace: 'Payments', name: 'Checkout' }],
    ['component:checkout', {}, { kind: 'component', namespace: 'default', name: 'checkout' }],
    ['checkout', { defaultKind: 'Group' }, { kind: 'Group', namespace: 'default', name: 'checkout' }],
    ['payments/team-a', { defaultKind: 'Group' }, { kind: 'Group', namespace: 'payments', name: 'team-a' }],
    [
      'team-a',
      { defaultKind: 'Group', defaultNamespace: 'ops' },
      { kind: 'Group', namespace: 'ops', name: 'team-a' },
    ],
    [
      'group:team-a',
      { defaultKind: 'User', defaultNamespace: 'ops' },
      { kind: 'group', namespace: 'ops', name: 'team-a' },
    ],
    ['a/b:c', { defaultKind: 'Group' }, { kind: 'Group', namespace: 'a', name: 'b:c' }],
    ['url:default/a:b', {}, { kind: 'url', namespace: 'default', name: 'a:b' }],
    ['component:default/a/b', {}, { kind: 'component', namespace: 'default', name: 'a/b' }],
  ])('parses %j with %j', (ref, defaults, expected) => {
    expect(parseEntityRef(ref, defaults)).toEqual(expected);
  });

  it.each([
    [':checkout', 'must not be empty'],
    ['component:/checkout', 'must not be empty'],
    ['component:default/', 'must not be empty'],
    ['', 'must not be empty'],
    ['checkout', 'has no kind'],
    ['default/checkout', 'has no kind'],
  ])('rejects %j with an InputError saying it %s', (ref, problem) => {
    expect(() => parseEntityRef(ref)).toThrow(InputError);
    expect(() => parseEntityRef(ref)).toThrow(problem);
  });

  it('names the expected form when the kind is missing', () => {
    expect(() => parseEntityRef('checkout')).toThrow(
      'write it as "<kind>:checkout", e.g. "component:checkout"',
    );
  });

  it('accepts compound refs and fills in their defaults', () => {
    expect(parseEntityRef({ name: 'a' }, { defaultKind: 'User' })).toEqual({
      kind: 'User',
      namespace: 'default',
      name: 'a',
    });
    expect(parseEntityRef({ kind: 'Group', namespace: 'x', name: 'a' })).toEqual({
      kind: 'Group',
      namespace: 'x',
      name: 'a',
    });
  });

  it('rejects compound refs without a kind or name, and values that are no ref at all', () => {
    expect(() => parseEntityRef({ name: 'a' })).toThrow('has no kind');
    expect(() => parseEntityRef({ kind: 'Group', name: '' })).toThrow('has no name');
    expect(() => parseEntityRef(42 as never)).toThrow(InputError);
    expect(() => parseEntityRef(null as never)).toThrow('not null');
  });

  it('has a non-throwing variant that returns the message instead', () => {
    expect(tryParseEntityRef('checkout', undefined, 'default')).toMatch(/has no kind/);
    expect(tryParseEntityRef('checkout', 'API', 'x')).toEqual({
      kind: 'API',
      namespace: 'x',
      name: 'checkout',
    });
  });
});

describe('stringifyEntityRef', () => {
  it('writes the canonical lowercase form with the namespace defaulted', () => {
    expect(stringifyEntityRef({ kind: 'Component', name: 'Checkout' })).toBe('component:default/checkout');
    expect(stringifyEntityRef({ kind: 'Group', namespace: 'Payments', name: 'Team-A' })).toBe(
      'group:payments/team-a',
    );
  });

  it('accepts an entity', () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'Jane', namespace: 'hr' },
    };
    expect(stringifyEntityRef(entity)).toBe('user:hr/jane');
  });

  it('round-trips with parseEntityRef', () => {
    expect(stringifyEntityRef(parseEntityRef('API:Shop/Orders'))).toBe('api:shop/orders');
  });
});

describe('getCompoundEntityRef', () => {
  it('keeps case and defaults the namespace', () => {
    const entity = { apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'Checkout' } };
    expect(getCompoundEntityRef(entity)).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'Checkout',
    });
  });
});
