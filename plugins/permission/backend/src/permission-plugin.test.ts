import type { JsonObject } from '@greenroom/config';
import { authModuleGuestProvider, authPlugin } from '@greenroom/plugin-auth-backend';
import { startTestBackend, type TestBackend, TestDatabases, TestLogger } from '@greenroom/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionPlugin } from './permission-plugin.js';
import {
  docCreatePermission,
  docDeletePermission,
  docReadPermission,
  docsTestPlugin,
  docUpdatePermission,
} from './testing/docs-test-plugin.js';
import { recordingAuditorFactory } from './testing/recording-auditor.js';
import { auditLines } from './testing/test-auditor.js';

const SERVICE_TOKEN = 'permission-tests-service-token-0123456789';
const READER_TOKEN = 'permission-tests-reader-token-0123456789';
const service = { authorization: `Bearer ${SERVICE_TOKEN}`, 'content-type': 'application/json' };

/** Jane, signed in through the guest provider, member of team-a. */
const GUEST = { userEntityRef: 'user:default/jane', ownershipEntityRefs: ['group:default/team-a'] };

const ROLES: JsonObject[] = [
  { name: 'admins', members: ['group:default/platform'], permissions: [{ match: '*', decision: 'allow' }] },
  {
    name: 'everyone',
    members: ['*'],
    permissions: [
      { match: { action: 'read', resourceType: 'doc' }, decision: 'allow' },
      {
        match: { name: 'docs.doc.delete' },
        decision: { conditional: { rule: 'IS_DOC_OWNER', params: { claims: '$ownershipRefs' } } },
      },
    ],
  },
  {
    name: 'typo',
    members: ['*'],
    permissions: [{ match: { name: 'docs.doc.update' }, decision: { conditional: { rule: 'IS_DOC_OWNR' } } }],
  },
];

function config(permission: JsonObject): JsonObject {
  return {
    app: { baseUrl: 'http://localhost:3000' },
    backend: {
      auth: {
        externalAccess: [
          { type: 'static', options: { token: SERVICE_TOKEN, subject: 'ci' } },
          {
            type: 'static',
            options: { token: READER_TOKEN, subject: 'reader' },
            accessRestrictions: [
              { plugin: 'permission', permissionAttribute: { action: 'read' } },
              { plugin: 'docs', permissionAttribute: { action: 'read' } },
            ],
          },
        ],
      },
    },
    auth: { providers: { guest: GUEST } },
    permission,
  };
}

async function signIn(backend: TestBackend): Promise<Record<string, string>> {
  const response = await backend.request('/api/auth/guest/refresh', {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(response.status).toBe(200);
  const session = (await response.json()) as { backstageIdentity: { token: string } };
  return { authorization: `Bearer ${session.backstageIdentity.token}`, 'content-type': 'application/json' };
}

function results(body: unknown): string[] {
  return (body as { items: { result: string }[] }).items.map((item) => item.result);
}

function authorize(
  backend: TestBackend,
  headers: Record<string, string>,
  items: unknown[],
): Promise<Response> {
  return backend.request('/api/permission/authorize', {
    method: 'POST',
    headers,
    body: JSON.stringify({ items }),
  });
}

describe('the permission plugin with roles from config', () => {
  let backend: TestBackend;
  let jane: Record<string, string>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [permissionPlugin, docsTestPlugin, authPlugin, authModuleGuestProvider],
      config: config({ enabled: true, policy: { type: 'roles', roles: ROLES } }),
    });
    jane = await signIn(backend);
  });
  afterAll(async () => {
    await backend?.stop();
  });

  it("answers a user's batch from the roles, resolving conditions on a resourceRef with the resource's plugin", async () => {
    const response = await authorize(backend, jane, [
      { id: 'read', permission: docReadPermission, resourceRef: 'doc:b' },
      { id: 'create', permission: docCreatePermission },
      { id: 'delete-list', permission: docDeletePermission },
      { id: 'delete-own', permission: docDeletePermission, resourceRef: 'doc:a' },
      { id: 'delete-other', permission: docDeletePermission, resourceRef: 'doc:b' },
      { id: 'delete-missing', permission: docDeletePermission, resourceRef: 'doc:none' },
    ]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      items: [
        { id: 'read', result: 'ALLOW' },
        { id: 'create', result: 'DENY' },
        {
          id: 'delete-list',
          result: 'CONDITIONAL',
          pluginId: 'docs',
          resourceType: 'doc',
          conditions: {
            rule: 'IS_DOC_OWNER',
            resourceType: 'doc',
            params: { claims: ['user:default/jane', 'group:default/team-a'] },
          },
        },
        { id: 'delete-own', result: 'ALLOW' },
        { id: 'delete-other', result: 'DENY' },
        { id: 'delete-missing', result: 'DENY' },
      ],
    });
  });

  it('denies, rather than failing, when a role names a rule the resource plugin does not offer', async () => {
    const response = await authorize(backend, jane, [
      { id: 'list', permission: docUpdatePermission },
      { id: 'one', permission: docUpdatePermission, resourceRef: 'doc:a' },
    ]);
    expect(response.status).toBe(200);
    expect(results(await response.json())).toEqual(['DENY', 'DENY']);
  });

  it("lets a plugin check permissions with the caller's credentials (on behalf of the user)", async () => {
    expect((await backend.request('/api/docs/docs/doc:a', { method: 'DELETE', headers: jane })).status).toBe(
      204,
    );
    expect((await backend.request('/api/docs/docs/doc:b', { method: 'DELETE', headers: jane })).status).toBe(
      403,
    );
    expect(
      (await backend.request('/api/docs/docs', { method: 'POST', headers: jane, body: '{}' })).status,
    ).toBe(403);
    expect(await (await backend.request('/api/docs/docs', { headers: jane })).json()).toHaveLength(2);
  });

  it('allows service callers everything unless their access restrictions leave a permission out', async () => {
    const all = await authorize(backend, service, [
      { id: '1', permission: docDeletePermission, resourceRef: 'doc:b' },
      { id: '2', permission: docCreatePermission },
    ]);
    expect(results(await all.json())).toEqual(['ALLOW', 'ALLOW']);
    const reader = { authorization: `Bearer ${READER_TOKEN}`, 'content-type': 'application/json' };
    const restricted = await authorize(backend, reader, [
      { id: '1', permission: docReadPermission, resourceRef: 'doc:b' },
      { id: '2', permission: docCreatePermission },
    ]);
    expect(results(await restricted.json())).toEqual(['ALLOW', 'DENY']);
    // The same restriction holds inside a plugin, decided by its permissions client.
    expect((await backend.request('/api/docs/docs', { headers: reader })).status).toBe(200);
    expect(
      (await backend.request('/api/docs/docs', { method: 'POST', headers: reader, body: '{}' })).status,
    ).toBe(403);
    expect(
      (await backend.request('/api/docs/docs', { method: 'POST', headers: service, body: '{}' })).status,
    ).toBe(201);
  });

  it('refuses unknown permissions, mismatched declarations, oversized batches and duplicate ids with 400', async () => {
    const unknown = await authorize(backend, jane, [
      { id: '1', permission: { type: 'basic', name: 'docs.doc.fly', attributes: {} } },
    ]);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('docs.doc.fly');
    const noPlugin = await authorize(backend, service, [
      { id: '1', permission: { type: 'basic', name: 'nothing.here', attributes: {} } },
    ]);
    expect(noPlugin.status).toBe(400);
    const mismatched = await authorize(backend, jane, [
      { id: '1', permission: { ...docReadPermission, resourceType: 'other' } },
    ]);
    expect(mismatched.status).toBe(400);
    const items = Array.from({ length: 1001 }, (_, i) => ({
      id: String(i),
      permission: docCreatePermission,
    }));
    expect((await authorize(backend, jane, items)).status).toBe(400);
    expect((await authorize(backend, jane, items.slice(0, 1000))).status).toBe(200);
    const twice = [
      { id: '1', permission: docCreatePermission },
      { id: '1', permission: docCreatePermission },
    ];
    expect((await authorize(backend, jane, twice)).status).toBe(400);
  });

  it("serves each resource plugin's metadata and apply-conditions to services only", async () => {
    const path = '/api/docs/.well-known/greenroom/permissions/metadata';
    expect((await backend.request(path, { headers: jane })).status).toBe(403);
    const metadata = await backend.request(path, { headers: service });
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toMatchObject({
      pluginId: 'docs',
      resourceTypes: ['doc'],
      rules: [{ name: 'IS_DOC_OWNER', paramsSchema: { properties: { claims: { type: 'array' } } } }],
    });
    const apply = (headers: Record<string, string>, conditions: unknown) =>
      backend.request('/api/docs/.well-known/greenroom/permissions/apply-conditions', {
        method: 'POST',
        headers,
        body: JSON.stringify({ items: [{ id: '1', resourceRef: 'doc:a', resourceType: 'doc', conditions }] }),
      });
    const owned = { rule: 'IS_DOC_OWNER', resourceType: 'doc', params: { claims: ['group:default/team-a'] } };
    expect((await apply(jane, owned)).status).toBe(403);
    expect(await (await apply(service, owned)).json()).toEqual({ items: [{ id: '1', result: 'ALLOW' }] });
    expect((await apply(service, { ...owned, rule: 'NOPE' })).status).toBe(400);
    let deep: unknown = owned;
    for (let i = 0; i < 20; i++) deep = { not: deep };
    expect((await apply(service, deep)).status).toBe(400);
    const huge = `${'{"not":'.repeat(100_000)}{}${'}'.repeat(100_000)}`;
    const hugeResponse = await backend.request(
      '/api/docs/.well-known/greenroom/permissions/apply-conditions',
      {
        method: 'POST',
        headers: service,
        body: `{"items":[{"id":"1","resourceRef":"doc:a","resourceType":"doc","conditions":${huge}}]}`,
      },
    );
    expect(hugeResponse.status).toBe(400);
  });

  it('refuses callers without credentials', async () => {
    const response = await authorize(backend, { 'content-type': 'application/json' }, []);
    expect(response.status).toBe(401);
  });

  it('serves the roles read-only, to callers the policy lets read them', async () => {
    expect((await backend.request('/api/permission/roles', { headers: jane })).status).toBe(403);
    const listed = await backend.request('/api/permission/roles', { headers: service });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({ source: 'config', editable: false, items: ROLES });
    const put = await backend.request('/api/permission/roles/admins', {
      method: 'PUT',
      headers: service,
      body: JSON.stringify(ROLES[0]),
    });
    expect(put.status).toBe(409);
  });
});

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'the permission plugin with roles in its database (%s)',
  (databaseId) => {
    let backend: TestBackend;
    let jane: Record<string, string>;
    const audit = new TestLogger();

    beforeAll(async () => {
      const base = config({ enabled: true, policy: { type: 'roles' } });
      backend = await startTestBackend({
        features: [
          permissionPlugin,
          docsTestPlugin,
          authPlugin,
          authModuleGuestProvider,
          recordingAuditorFactory(audit),
        ],
        config: {
          ...base,
          backend: { ...(base.backend as JsonObject), database: await databases.createConfig(databaseId) },
        },
      });
      jane = await signIn(backend);
    });
    afterAll(async () => {
      await backend?.stop();
    });

    it('starts with no roles (users denied) and applies roles created through the admin API at once', async () => {
      expect(await (await backend.request('/api/docs/docs', { headers: jane })).json()).toEqual([]);
      expect((await backend.request('/api/permission/roles', { headers: jane })).status).toBe(403);

      const created = await backend.request('/api/permission/roles', {
        method: 'POST',
        headers: service,
        body: JSON.stringify({
          name: 'team-a-admins',
          members: ['group:default/team-a'],
          permissions: [{ match: '*', decision: 'allow' }],
        }),
      });
      expect(created.status).toBe(201);
      expect(await (await backend.request('/api/docs/docs', { headers: jane })).json()).toHaveLength(2);

      const listed = await backend.request('/api/permission/roles', { headers: jane });
      expect(await listed.json()).toMatchObject({
        source: 'database',
        editable: true,
        items: [{ name: 'team-a-admins' }],
      });

      const replaced = await backend.request('/api/permission/roles/team-a-admins', {
        method: 'PUT',
        headers: jane,
        body: JSON.stringify({
          name: 'team-a-admins',
          members: ['group:default/team-a'],
          permissions: [{ match: { name: 'permission.*' }, decision: 'allow' }],
        }),
      });
      expect(replaced.status).toBe(200);
      expect(await (await backend.request('/api/docs/docs', { headers: jane })).json()).toEqual([]);
      expect((await backend.request('/api/permission/roles/team-a-admins', { headers: jane })).status).toBe(
        200,
      );

      const invalid = await backend.request('/api/permission/roles', {
        method: 'POST',
        headers: jane,
        body: JSON.stringify({ name: 'x', members: [], permissions: [] }),
      });
      expect(invalid.status).toBe(400);
      expect(
        (await backend.request('/api/permission/roles/nope', { method: 'DELETE', headers: jane })).status,
      ).toBe(404);
      expect(
        (await backend.request('/api/permission/roles/team-a-admins', { method: 'DELETE', headers: jane }))
          .status,
      ).toBe(204);
      expect((await backend.request('/api/permission/roles', { headers: jane })).status).toBe(403);

      const changes = auditLines(audit).filter((line) => line.eventId === 'permission-role-change');
      expect(changes.filter((line) => line.status === 'succeeded').map((line) => line.meta)).toEqual([
        { action: 'create', role: 'team-a-admins' },
        { action: 'update', role: 'team-a-admins' },
        { action: 'delete', role: 'team-a-admins' },
      ]);
      expect(changes.filter((line) => line.status === 'failed').map((line) => line.meta)).toEqual([
        { action: 'delete', role: 'nope' },
      ]);
    });
  },
);
