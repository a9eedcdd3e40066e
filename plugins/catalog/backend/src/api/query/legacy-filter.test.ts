import { InputError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import type { EntityFilter } from './entity-filter.js';
import { parseLegacyFilterParams } from './legacy-filter.js';
import { queryLimits } from './limits.js';
import { matchesEntity } from './match-entity.js';

const eq = (key: string, ...values: string[]): EntityFilter => ({ key, matches: { op: 'eq', values } });
const exists = (key: string): EntityFilter => ({ key, matches: { op: 'exists' } });

describe('parseLegacyFilterParams', () => {
  it('returns no filter when the parameter is absent or every set is empty', () => {
    expect(parseLegacyFilterParams(undefined)).toBeUndefined();
    expect(parseLegacyFilterParams(['', ' , ,'])).toBeUndefined();
  });

  it('ANDs the conditions of one set and ORs the sets', () => {
    expect(parseLegacyFilterParams(['kind=component,spec.type=service', 'kind=api'])).toEqual({
      any: [{ all: [eq('kind', 'component'), eq('spec.type', 'service')] }, eq('kind', 'api')],
    });
  });

  it('ORs the values of a key repeated within one set', () => {
    expect(parseLegacyFilterParams('kind=component,spec.type=service,spec.type=website')).toEqual({
      all: [eq('kind', 'component'), eq('spec.type', 'service', 'website')],
    });
  });

  it('treats a bare key as "exists" and `key=` as the empty string', () => {
    expect(parseLegacyFilterParams('spec.owner')).toEqual(exists('spec.owner'));
    expect(parseLegacyFilterParams('spec.owner=')).toEqual(eq('spec.owner', ''));
  });

  it('lets a value list win over a bare key of the same set', () => {
    expect(parseLegacyFilterParams('spec.type,spec.type=service')).toEqual(eq('spec.type', 'service'));
  });

  it('splits on the first equals sign only', () => {
    expect(parseLegacyFilterParams('metadata.annotations.a=b=c')).toEqual(
      eq('metadata.annotations.a', 'b=c'),
    );
  });

  it('trims and lowercases keys and values', () => {
    expect(parseLegacyFilterParams(' Kind = Component ,  Metadata.Namespace=Default ')).toEqual({
      all: [eq('kind', 'component'), eq('metadata.namespace', 'default')],
    });
  });

  it('keeps keys that differ only by case as separate ANDed conditions, like Backstage', () => {
    expect(parseLegacyFilterParams('kind=a,Kind=b')).toEqual({ all: [eq('kind', 'a'), eq('kind', 'b')] });
  });

  it('passes relation filters through with the relation type lowercased', () => {
    expect(parseLegacyFilterParams('relations.memberOf=group:default/ops')).toEqual(
      eq('relations.memberof', 'group:default/ops'),
    );
  });

  it('rejects a statement without a key, saying which forms are valid', () => {
    expect(() => parseLegacyFilterParams('kind=component,=x')).toThrow(
      new InputError(
        "Invalid filter, '=x' is not a valid statement (expected a string on the form a=b or a= or a)",
      ),
    );
  });

  it('rejects $-keys and points to predicates', () => {
    expect(() => parseLegacyFilterParams('$all=x')).toThrow(/POST \/entities\/by-query with a predicate/);
  });

  it('rejects filters with more conditions than allowed', () => {
    const many = Array.from({ length: queryLimits.maxFilterNodes + 1 }, (_, i) => `kind=k${i}`).join(',');
    expect(() => parseLegacyFilterParams(many)).toThrow(/Filter too large/);
  });

  describe('matching entities as Backstage documents it', () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'Billing',
        tags: ['java', 'Payments'],
        annotations: { 'backstage.io/orphan': 'true' },
      },
      spec: { type: 'service', owner: 'team-a' },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
    };

    it.each([
      ['kind=component', true],
      ['KIND=COMPONENT', true],
      ['metadata.namespace=default', true],
      ['metadata.tags.java', true],
      ['metadata.tags.payments=true', true],
      ['metadata.tags=java,metadata.tags=python', true],
      ['metadata.tags.java,metadata.tags.python', false],
      ['metadata.annotations.backstage.io/orphan=true', true],
      ['relations.ownedby=group:default/team-a', true],
      ['relations.ownedBy=group:default/team-b', false],
      ['spec.lifecycle', false],
      ['spec.owner=', false],
    ])('%s matches: %s', (param, expected) => {
      expect(matchesEntity(parseLegacyFilterParams(param), entity)).toBe(expected);
    });
  });
});
