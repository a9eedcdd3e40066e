import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BackendFeature,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@greenroom/backend-plugin-api';
import type { JsonObject } from '@greenroom/config';
import { authModuleGuestProvider, authPlugin } from '@greenroom/plugin-auth-backend';
import { startTestBackend, type TestBackend, TestLogger, waitFor } from '@greenroom/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { permissionPolicyExtensionPoint } from './extension-points.js';
import { permissionPlugin } from './permission-plugin.js';
import type { PermissionPolicy } from './policy/permission-policy.js';
import { docsTestPlugin } from './testing/docs-test-plugin.js';

function policyModule(moduleId: string, policy: PermissionPolicy): BackendFeature {
  return createBackendModule({
    pluginId: 'permission',
    moduleId,
    register(reg) {
      reg.registerInit({
        deps: { policy: permissionPolicyExtensionPoint },
        async init({ policy: extension }) {
          extension.setPolicy(policy);
        },
      });
    },
  });
}

function testRootLogger(logger: TestLogger) {
  return createServiceFactory({ service: coreServices.rootLogger, deps: {}, factory: () => logger });
}

const createOnly: PermissionPolicy = {
  name: 'create-only',
  handle: ({ permission }) => ({ result: permission.attributes.action === 'create' ? 'ALLOW' : 'DENY' }),
};

describe('choosing the permission policy', () => {
  let backend: TestBackend | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function start(features: BackendFeature[], permission: JsonObject, logger = new TestLogger()) {
    backend = await startTestBackend({
      features: [
        permissionPlugin,
        docsTestPlugin,
        authPlugin,
        authModuleGuestProvider,
        testRootLogger(logger),
        ...features,
      ],
      config: {
        app: { baseUrl: 'http://localhost:3000' },
        auth: { providers: { guest: { userEntityRef: 'user:default/jane' } } },
        permission,
      },
    });
    const session = await backend.request('/api/auth/guest/refresh', {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    const { backstageIdentity } = (await session.json()) as { backstageIdentity: { token: string } };
    return { authorization: `Bearer ${backstageIdentity.token}`, 'content-type': 'application/json' };
  }
  const createDoc = (headers: Record<string, string>) =>
    backend!.request('/api/docs/docs', { method: 'POST', headers, body: '{}' });
  const listDocs = async (headers: Record<string, string>) =>
    (await (await backend!.request('/api/docs/docs', { headers })).json()) as unknown[];

  it('allows every signed-in user everything by default, saying so at startup', async () => {
    const logger = new TestLogger();
    const jane = await start([], { enabled: true }, logger);
    expect((await createDoc(jane)).status).toBe(201);
    expect(await listDocs(jane)).toHaveLength(2);
    expect(logger.text()).toContain(
      'No permission policy configured: every signed-in user is allowed everything',
    );
    expect(logger.text()).toContain('docs/permissions.md');
  });

  it('uses a TypeScript policy installed through the extension point', async () => {
    const jane = await start([policyModule('create-only', createOnly)], { enabled: true });
    expect((await createDoc(jane)).status).toBe(201);
    expect(await listDocs(jane)).toEqual([]);
  });

  it('stops startup when two policies are installed, naming both', async () => {
    const other: PermissionPolicy = { name: 'deny-all', handle: () => ({ result: 'DENY' }) };
    await expect(
      start([policyModule('create-only', createOnly), policyModule('deny-all', other)], { enabled: true }),
    ).rejects.toThrow(/'create-only' and 'deny-all'/);
    await expect(
      start([policyModule('create-only', createOnly)], {
        enabled: true,
        policy: { type: 'roles', roles: [] },
      }),
    ).rejects.toThrow(/'create-only' \(a module\) and 'roles'/);
  });

  it('allows everything without asking when permission.enabled is false, warning that the plugin is unused', async () => {
    const logger = new TestLogger();
    const jane = await start([policyModule('create-only', createOnly)], {}, logger);
    expect(await listDocs(jane)).toHaveLength(2);
    expect(logger.text()).toContain("'permission.enabled' is not true");
  });

  it('applies a changed roles file without a restart and keeps the previous roles when it breaks', async () => {
    dir = await mkdtemp(join(tmpdir(), 'greenroom-roles-'));
    const file = join(dir, 'roles.yaml');
    await writeFile(
      file,
      "roles:\n  - name: readers\n    members: ['*']\n    permissions:\n      - { match: { action: read }, decision: allow }\n",
    );
    const logger = new TestLogger();
    const jane = await start([], { enabled: true, policy: { type: 'roles', file } }, logger);
    expect(await listDocs(jane)).toHaveLength(2);
    expect((await createDoc(jane)).status).toBe(403);

    await writeFile(
      file,
      "roles:\n  - name: creators\n    members: [user:default/jane]\n    permissions:\n      - { match: { name: 'docs.doc.create' }, decision: allow }\n",
    );
    await waitFor(async () => (await createDoc(jane)).status === 201, 'the new roles in effect');
    expect(await listDocs(jane)).toEqual([]);

    await writeFile(file, 'roles:\n  - name: creators\n    members: oops\n');
    await waitFor(
      () => logger.lines.some((line) => line.level === 'error' && line.message.includes(`${file}:3:14`)),
      'the reload error with file:line',
    );
    expect((await createDoc(jane)).status).toBe(201);
    const listed = await backend!.request('/api/permission/roles', { headers: jane });
    expect(listed.status).toBe(403);
  });

  it('fails checks with 503 when permissions are enabled but the permission plugin is not installed', async () => {
    backend = await startTestBackend({
      features: [docsTestPlugin, authPlugin, authModuleGuestProvider],
      config: {
        app: { baseUrl: 'http://localhost:3000' },
        auth: { providers: { guest: { userEntityRef: 'user:default/jane' } } },
        permission: { enabled: true },
      },
    });
    const session = await backend.request('/api/auth/guest/refresh', {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    const { backstageIdentity } = (await session.json()) as { backstageIdentity: { token: string } };
    const response = await createDoc({
      authorization: `Bearer ${backstageIdentity.token}`,
      'content-type': 'application/json',
    });
    // The reason stays in the logs; the response only says the service is unavailable.
    expect(response.status).toBe(503);
  });
});
