import { describe, expect, it } from 'vitest';
import { buildEntityFilter, readIndexState } from './catalog-filters.js';

const user = {
  ownershipRefs: ['user:default/jane', 'group:default/team-a'],
  starred: ['component:default/cart', 'api:default/cart-api'],
};

describe('catalog index filters', () => {
  it('reads kind, facets, scope, text, sort and page size from the URL with safe defaults', () => {
    const state = readIndexState(
      new URLSearchParams('kind=api&lifecycle=production&lifecycle=beta&q=pay&sort=spec.type,desc&size=50'),
    );
    expect(state).toEqual({
      kind: 'api',
      facets: { type: [], owner: [], lifecycle: ['production', 'beta'], tag: [], namespace: [] },
      scope: 'all',
      text: 'pay',
      sort: { field: 'spec.type', order: 'desc' },
      pageSize: 50,
    });
    const defaults = readIndexState(new URLSearchParams('scope=everything&size=7'));
    expect(defaults).toMatchObject({
      kind: 'component',
      scope: 'all',
      pageSize: 20,
      sort: { field: 'metadata.name', order: 'asc' },
    });
  });

  it('ANDs the kind with each chosen facet', () => {
    const state = readIndexState(new URLSearchParams('kind=component&type=service&tag=java&tag=go'));
    expect(buildEntityFilter(state, user)).toEqual({
      kind: ['component'],
      'spec.type': ['service'],
      'metadata.tags': ['java', 'go'],
    });
  });

  it('restricts "owned by me" to the ownership refs of the user', () => {
    const state = readIndexState(new URLSearchParams('scope=owned'));
    expect(buildEntityFilter(state, user)).toEqual({
      kind: ['component'],
      'relations.ownedBy': ['user:default/jane', 'group:default/team-a'],
    });
    const otherOwner = readIndexState(new URLSearchParams('scope=owned&owner=group:default/team-b'));
    expect(buildEntityFilter(otherOwner, user)).toMatchObject({ 'relations.ownedBy': ['<none>'] });
  });

  it('ORs one branch per starred entity of the chosen kind', () => {
    const state = readIndexState(new URLSearchParams('scope=starred&lifecycle=production'));
    expect(buildEntityFilter(state, user)).toEqual([
      {
        kind: ['component'],
        'spec.lifecycle': ['production'],
        'metadata.namespace': ['default'],
        'metadata.name': ['cart'],
      },
    ]);
    const none = readIndexState(new URLSearchParams('scope=starred&kind=group'));
    expect(buildEntityFilter(none, user)).toMatchObject({ 'metadata.name': ['<none>'] });
  });
});
