// The TypeScript half of bench/permission-authorize.mjs, bundled by it with esbuild: starts a
// real backend (permission plugin with a roles policy, the auth plugin with the guest
// provider, and the `docs` test resource plugin) and signs a user in.
import { createBackend, createRootConfigServiceFactory } from '@greenroom/backend';
import type { JsonObject } from '@greenroom/config';
import { authModuleGuestProvider, authPlugin } from '@greenroom/plugin-auth-backend';
import { permissionPlugin } from '../plugins/permission/backend/src/index.js';
import { docsTestPlugin } from '../plugins/permission/backend/src/testing/docs-test-plugin.js';

/** A running backend and a signed-in user's token. */
export interface BenchBackend {
  url: string;
  userToken: string;
  stop(): Promise<void>;
}

const ROLES: JsonObject[] = [
  { name: 'admins', members: ['group:default/platform'], permissions: [{ match: '*', decision: 'allow' }] },
  {
    name: 'everyone',
    members: ['*'],
    permissions: [
      { match: { action: 'read', resourceType: 'doc' }, decision: 'allow' },
      { match: { name: 'docs.doc.create' }, decision: 'deny' },
      {
        match: { name: 'docs.doc.delete' },
        decision: { conditional: { rule: 'IS_DOC_OWNER', params: { claims: '$ownershipRefs' } } },
      },
    ],
  },
];

/** Starts the backend on `port` of 127.0.0.1 with SQLite in memory. */
export async function startBenchBackend(port: number): Promise<BenchBackend> {
  const url = `http://127.0.0.1:${port}`;
  const backend = createBackend({ handleSignals: false });
  backend.add(
    createRootConfigServiceFactory({
      data: {
        app: { baseUrl: 'http://localhost:3000' },
        backend: {
          baseUrl: url,
          listen: { host: '127.0.0.1', port },
          database: { client: 'better-sqlite3', connection: ':memory:' },
          logger: { level: 'error' },
        },
        auth: {
          providers: {
            guest: { userEntityRef: 'user:default/jane', ownershipEntityRefs: ['group:default/team-a'] },
          },
        },
        permission: { enabled: true, policy: { type: 'roles', roles: ROLES } },
      },
    }),
  );
  for (const feature of [permissionPlugin, docsTestPlugin, authPlugin, authModuleGuestProvider]) {
    backend.add(feature);
  }
  await backend.start();
  const session = await fetch(`${url}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!session.ok) throw new Error(`Guest sign-in failed: ${session.status}`);
  const { backstageIdentity } = (await session.json()) as { backstageIdentity: { token: string } };
  return { url, userToken: backstageIdentity.token, stop: () => backend.stop() };
}
