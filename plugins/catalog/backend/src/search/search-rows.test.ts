import { describe, expect, it } from 'vitest';
import { flattenEntity } from './search-rows.js';

const billing = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'Billing-Service',
    uid: '0b5c2f36-1111-4222-8333-944455556666',
    etag: 'abc123',
    title: 'Billing',
    tags: ['java', 'Payments'],
    labels: { tier: 'Gold' },
    annotations: {
      'backstage.io/techdocs-ref': 'dir:.',
      'backstage.io/managed-by-location': 'url:https://git.example.com/billing/catalog-info.yaml',
    },
    links: [{ url: 'https://billing.example.com', title: 'Dashboard' }],
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-a',
    system: null,
    replicas: 3,
    public: false,
    providesApis: ['billing-api'],
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/team-a' },
    { type: 'providesApi', targetRef: 'api:default/billing-api' },
  ],
  status: { items: [{ type: 'backstage.io/catalog-processing', level: 'error', message: 'x' }] },
};

describe('flattenEntity', () => {
  it('flattens a realistic entity into the rows of the search table', () => {
    expect(flattenEntity(billing)).toEqual([
      { key: 'apiversion', value: 'backstage.io/v1alpha1', originalValue: 'backstage.io/v1alpha1' },
      { key: 'kind', value: 'component', originalValue: 'Component' },
      { key: 'metadata.title', value: 'billing', originalValue: 'Billing' },
      { key: 'metadata.tags', value: 'java', originalValue: 'java' },
      { key: 'metadata.tags.java', value: 'true', originalValue: 'true' },
      { key: 'metadata.tags', value: 'payments', originalValue: 'Payments' },
      { key: 'metadata.tags.payments', value: 'true', originalValue: 'true' },
      { key: 'metadata.labels.tier', value: 'gold', originalValue: 'Gold' },
      { key: 'metadata.annotations.backstage.io/techdocs-ref', value: 'dir:.', originalValue: 'dir:.' },
      {
        key: 'metadata.annotations.backstage.io/managed-by-location',
        value: 'url:https://git.example.com/billing/catalog-info.yaml',
        originalValue: 'url:https://git.example.com/billing/catalog-info.yaml',
      },
      {
        key: 'metadata.links.url',
        value: 'https://billing.example.com',
        originalValue: 'https://billing.example.com',
      },
      { key: 'metadata.links.title', value: 'dashboard', originalValue: 'Dashboard' },
      { key: 'spec.type', value: 'service', originalValue: 'service' },
      { key: 'spec.lifecycle', value: 'production', originalValue: 'production' },
      { key: 'spec.owner', value: 'team-a', originalValue: 'team-a' },
      { key: 'spec.system', value: null, originalValue: null },
      { key: 'spec.replicas', value: '3', originalValue: '3' },
      { key: 'spec.public', value: 'false', originalValue: 'false' },
      { key: 'spec.providesapis', value: 'billing-api', originalValue: 'billing-api' },
      { key: 'spec.providesapis.billing-api', value: 'true', originalValue: 'true' },
      { key: 'metadata.name', value: 'billing-service', originalValue: 'Billing-Service' },
      { key: 'metadata.namespace', value: null, originalValue: null },
      {
        key: 'metadata.uid',
        value: '0b5c2f36-1111-4222-8333-944455556666',
        originalValue: '0b5c2f36-1111-4222-8333-944455556666',
      },
      { key: 'metadata.namespace', value: 'default', originalValue: 'default' },
      { key: 'relations.ownedby', value: 'group:default/team-a', originalValue: 'group:default/team-a' },
      {
        key: 'relations.providesapi',
        value: 'api:default/billing-api',
        originalValue: 'api:default/billing-api',
      },
    ]);
  });

  it('does not add the default namespace when the entity has one', () => {
    const rows = flattenEntity({ kind: 'Group', metadata: { name: 'ops', namespace: 'infra' } });
    expect(rows.filter((r) => r.key === 'metadata.namespace')).toEqual([
      { key: 'metadata.namespace', value: 'infra', originalValue: 'infra' },
    ]);
  });

  it('keeps metadata.uid as a null row when the entity has none yet', () => {
    const rows = flattenEntity({ kind: 'Group', metadata: { name: 'ops' } });
    expect(rows).toContainEqual({ key: 'metadata.uid', value: null, originalValue: null });
  });

  it('drops keys longer than 200 characters and nulls values longer than 200', () => {
    const rows = flattenEntity({
      kind: 'Component',
      metadata: {
        name: 'a',
        annotations: { ['k'.repeat(200)]: 'v', short: 'x'.repeat(201), edge: 'y'.repeat(200) },
      },
    });
    const keys = rows.map((r) => r.key);
    expect(keys.some((k) => k.includes('kkkk'))).toBe(false);
    expect(rows).toContainEqual({ key: 'metadata.annotations.short', value: null, originalValue: null });
    expect(rows).toContainEqual({
      key: 'metadata.annotations.edge',
      value: 'y'.repeat(200),
      originalValue: 'y'.repeat(200),
    });
  });

  it('de-duplicates rows on key and lowercased value, keeping the first original', () => {
    const rows = flattenEntity({
      kind: 'Component',
      metadata: { name: 'a', tags: ['Java', 'java', 'JAVA'] },
    });
    expect(rows.filter((r) => r.key.startsWith('metadata.tags'))).toEqual([
      { key: 'metadata.tags', value: 'java', originalValue: 'Java' },
      { key: 'metadata.tags.java', value: 'true', originalValue: 'true' },
    ]);
  });

  it('emits each item of an array of objects under the array key', () => {
    const rows = flattenEntity({
      kind: 'Template',
      metadata: { name: 't' },
      spec: { steps: [{ action: 'fetch:template' }, { action: 'publish:github' }] },
    });
    expect(rows.filter((r) => r.key === 'spec.steps.action').map((r) => r.value)).toEqual([
      'fetch:template',
      'publish:github',
    ]);
  });

  it('does not index attachments, status, relations or etag generically', () => {
    const withAttachments = { ...billing, attachments: { a: 1 } };
    const keys = flattenEntity(withAttachments).map((r) => r.key);
    expect(
      keys.filter((k) => /^(attachments|status|metadata\.etag)/.test(k) || k === 'relations.type'),
    ).toEqual([]);
  });

  it('rejects keys that differ only by case, naming them', () => {
    expect(() =>
      flattenEntity({ kind: 'Component', metadata: { name: 'x' }, spec: { foo: 1, Foo: 2 } }),
    ).toThrow(
      "Entity component:default/x has duplicate keys that vary only in casing: 'spec.foo' and 'spec.Foo'",
    );
  });
});
