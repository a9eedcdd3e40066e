import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendFeature } from '@greenroom/backend-plugin-api';
import { catalogPlugin } from '@greenroom/plugin-catalog-backend';
import {
  startTestBackend,
  type TestBackend,
  type TestDatabaseId,
  type TestDatabases,
  waitFor,
} from '@greenroom/test-utils';

/** The app origin every test backend trusts (`app.baseUrl`). */
export const TEST_APP_ORIGIN = 'http://localhost:3000';
/** A static external-access token the tests use to read the catalog. */
export const TEST_SERVICE_TOKEN = 'auth-tests-static-token-0123456789';

/** A small organisation: jane (team-a, under org), and a group chain for parent-group ownership. */
export const TEST_CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: org }
spec: { type: organization, children: [team-a] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-a }
spec: { type: team, parent: org, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: jane }
spec:
  profile: { email: jane@example.com, displayName: Jane Doe }
  memberOf: [team-a]
`;

/** A backend with the catalog (reading {@link TEST_CATALOG}) and the auth plugin. */
export interface AuthTestBackend extends TestBackend {
  /** Waits until the catalog serves jane with her memberships. */
  waitForCatalog(): Promise<void>;
}

/**
 * Starts catalog + auth (+ `features`) on a real database, with `app.baseUrl` at
 * {@link TEST_APP_ORIGIN} and a static external-access token for catalog reads.
 *
 * @example
 * const backend = await startAuthTestBackend(databases, 'SQLITE', { features: [authModuleGuestProvider], auth: { providers: { guest: {} } } });
 */
export async function startAuthTestBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  options: {
    features?: BackendFeature[];
    auth?: Record<string, unknown>;
    /** Reuse this database config (two instances on one PostgreSQL). */
    databaseConfig?: Record<string, any>;
    backend?: Record<string, any>;
  } = {},
): Promise<AuthTestBackend & { databaseConfig: Record<string, any> }> {
  const dir = await mkdtemp(join(tmpdir(), 'greenroom-auth-'));
  await writeFile(join(dir, 'all.yaml'), TEST_CATALOG);
  const databaseConfig = options.databaseConfig ?? (await databases.createConfig(databaseId));
  const { authPlugin } = await import('./auth-plugin.js');
  const backend = await startTestBackend({
    features: [catalogPlugin, authPlugin, ...(options.features ?? [])],
    config: {
      app: { baseUrl: TEST_APP_ORIGIN },
      backend: {
        database: databaseConfig,
        auth: {
          externalAccess: [{ type: 'static', options: { token: TEST_SERVICE_TOKEN, subject: 'auth-tests' } }],
        },
        ...(options.backend ?? {}),
      },
      catalog: {
        locations: [{ type: 'file', target: `${dir}/all.yaml`, rules: [{ allow: ['User', 'Group'] }] }],
        processingInterval: '300ms',
        stitchingStrategy: { pollingInterval: '50ms' },
        orphanStrategy: 'keep',
      },
      auth: (options.auth ?? {}) as Record<string, any>,
    },
  });
  return {
    ...backend,
    databaseConfig,
    waitForCatalog: async () => {
      await waitFor(async () => {
        const response = await backend.request('/api/catalog/entities/by-name/user/default/jane', {
          headers: { authorization: `Bearer ${TEST_SERVICE_TOKEN}` },
        });
        if (response.status !== 200) return undefined;
        const jane = (await response.json()) as { relations?: Array<{ type: string }> };
        return jane.relations?.some((r) => r.type === 'memberOf') ? true : undefined;
      }, 'jane in the catalog');
    },
    stop: async () => {
      await backend.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A browser against a test backend: keeps the cookies the backend sets (honouring
 * deletion) and sends them back, like a browser on one site.
 *
 * @example
 * const browser = new TestBrowser(backend.url);
 * await browser.fetch('/api/auth/guest/refresh', { headers: { 'x-requested-with': 'XMLHttpRequest' } });
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  readonly #base: string;

  constructor(base: string) {
    this.#base = base;
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(new URL(path, this.#base), { redirect: 'manual', ...init, headers });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (attributes.some((a) => a.trim().toLowerCase() === 'max-age=0') || value === '')
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** `GET /api/auth/<provider>/refresh` as the web app sends it. */
  refresh(provider: string, query = ''): Promise<Response> {
    return this.fetch(`/api/auth/${provider}/refresh${query}`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
  }
}
