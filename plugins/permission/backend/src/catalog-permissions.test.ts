import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonValue } from '@greenroom/config';
import { authModuleOidcProvider, authPlugin } from '@greenroom/plugin-auth-backend';
import { catalogPlugin } from '@greenroom/plugin-catalog-backend';
import { startTestBackend, type TestBackend, TestDatabases, waitFor } from '@greenroom/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The auth plugin's test identity provider (a real oidc-provider on 127.0.0.1) and cookie-keeping client.
import { TestIdentityProvider } from '../../../auth/backend/src/providers/oidc/test-identity-provider.js';
import { TestBrowser } from '../../../auth/backend/src/service/auth-test-backend.js';
import { permissionPlugin } from './permission-plugin.js';

// Permission checks over a catalog of a few thousand entities with mixed ownership:
// lists, counts, facets, paging, by-refs and single-entity routes for several users
// and roles, with real sign-in, real tokens and the real roles policy.

const databases = TestDatabases.create();
const APP_ORIGIN = 'http://localhost:3000';
const CALLBACK = 'http://localhost:7007/api/auth/oidc/handler/frame';
const SERVICE_TOKEN = 'catalog-permissions-static-token-0123';
const TEAMS = ['team-a', 'team-b', 'team-c'];
const N = 3000;

interface Generated {
  ref: string;
  owner: string; // owner entity ref
  kind: string;
  type: string;
}

function generate(): { yaml: string; entities: Generated[] } {
  const docs: string[] = [];
  const entities: Generated[] = [];
  const doc = (kind: string, name: string, spec: Record<string, unknown>, extra = '') =>
    `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}spec: ${JSON.stringify(spec)}\n`;
  for (const team of [...TEAMS, 'platform']) {
    docs.push(doc('Group', team, { type: 'team', children: [] }));
    entities.push({ ref: `group:default/${team}`, owner: '', kind: 'group', type: 'team' });
  }
  const users = [
    ['alice', 'team-a'],
    ['bob', 'team-b'],
    ['carol', 'platform'],
  ] as const;
  for (const [name, team] of users) {
    docs.push(doc('User', name, { profile: { email: `${name}@example.com` }, memberOf: [team] }));
    entities.push({ ref: `user:default/${name}`, owner: '', kind: 'user', type: '' });
  }
  for (let i = 0; i < N; i++) {
    const kind = i % 4 === 3 ? 'API' : 'Component';
    const owner = i % 10 === 9 ? 'user:default/alice' : `group:default/${TEAMS[i % 3]}`;
    const type = kind === 'API' ? 'openapi' : ['service', 'website', 'library'][i % 3]!;
    const spec =
      kind === 'API'
        ? { type, lifecycle: 'production', owner, definition: 'openapi: 3.0.0' }
        : { type, lifecycle: 'production', owner };
    const name = `${kind.toLowerCase()}-${String(i).padStart(4, '0')}`;
    docs.push(doc(kind, name, spec));
    entities.push({ ref: `${kind.toLowerCase()}:default/${name}`, owner, kind: kind.toLowerCase(), type });
  }
  return { yaml: docs.join('---\n'), entities };
}

const ROLES: JsonValue[] = [
  { name: 'admins', members: ['group:default/platform'], permissions: [{ match: '*', decision: 'allow' }] },
  {
    name: 'everyone',
    members: ['*'],
    permissions: [
      {
        match: { name: 'catalog.entity.read' },
        decision: {
          conditional: {
            anyOf: [
              { rule: 'IS_ENTITY_OWNER', params: { claims: '$ownershipRefs' } },
              { rule: 'IS_ENTITY_KIND', params: { kinds: ['group', 'user'] } },
            ],
          },
        },
      },
      {
        match: { name: ['catalog.entity.delete', 'catalog.entity.refresh'] },
        decision: { conditional: { rule: 'IS_ENTITY_OWNER', params: { claims: '$ownershipRefs' } } },
      },
    ],
  },
];

describe.each(databases.eachSupportedId())('catalog permissions with roles on %s', (databaseId) => {
  let idp: TestIdentityProvider;
  let backend: TestBackend;
  let dir: string;
  const { yaml, entities } = generate();
  const tokens = new Map<string, string>();
  const locations: Generated[] = [];

  /** What a user may read under the roles above. */
  const visibleTo = (user: string): Generated[] => {
    // Admins also see the Location entity the catalog generates for the config location.
    if (user === 'carol') return [...entities, ...locations];
    const ownership = new Set([
      `user:default/${user}`,
      `group:default/${user === 'alice' ? 'team-a' : 'team-b'}`,
    ]);
    return entities.filter((e) => e.kind === 'group' || e.kind === 'user' || ownership.has(e.owner));
  };

  const api = async <T>(user: string, path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await backend.request(`/api/catalog${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${tokens.get(user)}`,
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'greenroom-catalog-permissions-'));
    await writeFile(join(dir, 'all.yaml'), yaml);
    idp = await TestIdentityProvider.start({
      redirectUri: CALLBACK,
      accounts: ['alice', 'bob', 'carol'].map((name) => ({
        sub: `${name}-sub`,
        email: `${name}@example.com`,
        name,
      })),
    });
    backend = await startTestBackend({
      features: [catalogPlugin, authPlugin, authModuleOidcProvider, permissionPlugin],
      config: {
        app: { baseUrl: APP_ORIGIN },
        backend: {
          database: await databases.createConfig(databaseId),
          auth: { externalAccess: [{ type: 'static', options: { token: SERVICE_TOKEN, subject: 'tests' } }] },
        },
        catalog: {
          locations: [
            {
              type: 'file',
              target: join(dir, 'all.yaml'),
              rules: [{ allow: ['Component', 'API', 'Group', 'User'] }],
            },
          ],
          processingInterval: '300ms',
          stitchingStrategy: { pollingInterval: '50ms' },
        },
        auth: {
          providers: {
            oidc: {
              development: {
                metadataUrl: idp.issuer,
                clientId: idp.clientId,
                clientSecret: idp.clientSecret,
                allowInsecureRequests: true,
                signIn: { resolvers: [{ resolver: 'emailMatchingUserEntityProfileEmail' }] },
              },
            },
          },
        },
        permission: { enabled: true, policy: { type: 'roles', roles: ROLES } },
      },
    });
    // Wait for the whole catalog, with relations, before anyone signs in.
    await waitFor(
      async () => {
        const response = await backend.request(
          '/api/catalog/entities/by-query?limit=1&filter=relations.ownedby',
          { headers: { authorization: `Bearer ${SERVICE_TOKEN}` } },
        );
        const page = (await response.json()) as { totalItems: number };
        return page.totalItems === N ? true : undefined;
      },
      'the generated catalog with relations',
      120_000,
    );
    const generated = await backend.request(
      '/api/catalog/entities?filter=kind=location&fields=metadata.name',
      {
        headers: { authorization: `Bearer ${SERVICE_TOKEN}` },
      },
    );
    for (const location of (await generated.json()) as { metadata: { name: string } }[]) {
      locations.push({
        ref: `location:default/${location.metadata.name}`,
        owner: '',
        kind: 'location',
        type: 'file',
      });
    }
    expect(locations).toHaveLength(1);
    for (const user of ['alice', 'bob', 'carol']) {
      const browser = new TestBrowser(backend.url);
      const start = await browser.fetch(`/api/auth/oidc/start?origin=${encodeURIComponent(APP_ORIGIN)}`);
      const callback = new URL(await idp.signIn(start.headers.get('location')!, `${user}-sub`));
      await browser.fetch(`${callback.pathname}${callback.search}`);
      const session = await browser.refresh('oidc');
      const body = (await session.json()) as { backstageIdentity: { token: string } };
      tokens.set(user, body.backstageIdentity.token);
    }
  }, 180_000);

  afterAll(async () => {
    await backend?.stop();
    await idp?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(['alice', 'bob', 'carol'])(
    '%s pages through exactly what they may read, with the right totalItems',
    async (user) => {
      const expected = visibleTo(user)
        .map((e) => e.ref)
        .sort();
      const seen: string[] = [];
      let cursor: string | undefined;
      let total = -1;
      do {
        const query = cursor
          ? `cursor=${encodeURIComponent(cursor)}`
          : 'limit=500&fields=kind,metadata.name,metadata.namespace';
        const { status, body } = await api<{
          items: { kind: string; metadata: { name: string; namespace?: string } }[];
          totalItems: number;
          pageInfo: { nextCursor?: string };
        }>(user, `/entities/by-query?${query}`);
        expect(status).toBe(200);
        if (total === -1) total = body.totalItems;
        for (const item of body.items)
          seen.push(
            `${item.kind}:${item.metadata.namespace ?? 'default'}/${item.metadata.name}`.toLowerCase(),
          );
        cursor = body.pageInfo.nextCursor;
      } while (cursor);
      expect(total).toBe(expected.length);
      expect(seen.sort()).toEqual(expected);
    },
  );

  it.each(['alice', 'bob', 'carol'])('%s gets facet counts over what they may read only', async (user) => {
    const { body } = await api<{ facets: Record<string, { value: string; count: number }[]> }>(
      user,
      '/entity-facets?facet=kind&facet=spec.type',
    );
    const count = (pick: (e: Generated) => string) => {
      const counts = new Map<string, number>();
      for (const e of visibleTo(user)) {
        const value = pick(e);
        if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      return counts;
    };
    const asMap = (facet: { value: string; count: number }[]) =>
      new Map(facet.map((f) => [f.value.toLowerCase(), f.count]));
    expect(asMap(body.facets.kind!)).toEqual(count((e) => e.kind));
    expect(asMap(body.facets['spec.type']!)).toEqual(count((e) => e.type));
  });

  it('answers by-refs with null for entities the caller may not read, in order', async () => {
    const refs = [
      'component:default/component-0000',
      'component:default/component-0001',
      'component:default/component-0009',
      'group:default/team-c',
    ];
    const { body } = await api<{ items: ({ metadata: { name: string } } | null)[] }>(
      'alice',
      '/entities/by-refs',
      {
        method: 'POST',
        body: { entityRefs: refs },
      },
    );
    // 0000 is team-a's, 0001 team-b's, 0009 alice's own; groups are readable by everyone.
    expect(body.items.map((item) => item?.metadata.name ?? null)).toEqual([
      'component-0000',
      null,
      'component-0009',
      'team-c',
    ]);
  });

  it('streams GET /entities filtered, and hides single entities as missing (404)', async () => {
    const { body } = await api<unknown[]>('bob', '/entities?filter=kind=component&fields=metadata.name');
    expect(body).toHaveLength(visibleTo('bob').filter((e) => e.kind === 'component').length);
    expect((await api('bob', '/entities/by-name/component/default/component-0000')).status).toBe(404);
    expect((await api('bob', '/entities/by-name/component/default/component-0001')).status).toBe(200);
    expect((await api('carol', '/entities/by-name/component/default/component-0000')).status).toBe(200);
  });

  it('lets owners refresh their own entities only; others see them as missing', async () => {
    const refresh = (user: string, entityRef: string) =>
      api(user, '/refresh', { method: 'POST', body: { entityRef } });
    expect((await refresh('alice', 'component:default/component-0000')).status).toBe(200);
    expect((await refresh('bob', 'component:default/component-0000')).status).toBe(404);
    // Readable (a group) but not owned: 403.
    expect((await refresh('bob', 'group:default/team-a')).status).toBe(403);
    expect((await refresh('carol', 'group:default/team-a')).status).toBe(200);
  });

  it('refuses location reads to users without the basic permission and allows admins', async () => {
    expect((await api('alice', '/locations')).status).toBe(403);
    expect((await api('carol', '/locations')).status).toBe(200);
  });
});
