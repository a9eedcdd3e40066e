import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildWeb, bundleToTempDir, portalEntryPoints, repoRoot } from '../../../../scripts/bundle.mjs';
import { freePort } from '../../src/testing/free-port.js';
import { PortalProcess } from '../../src/testing/portal-process.js';

/** A running portal for end-to-end tests. */
export interface PortalUnderTest {
  url: string;
  stop(): Promise<void>;
}

/**
 * Bundles the real portal and builds the web app into a temp folder, then starts it
 * with the example catalog, in-memory SQLite and guest sign-in on a free port.
 * With GREENROOM_E2E_PORTAL_URL set, uses that running portal instead (e.g. `npm start`).
 *
 * @example
 * const portal = await startPortalUnderTest();
 * await page.goto(portal.url);
 */
export async function startPortalUnderTest(
  options: {
    /** The port to listen on (default: a free one); known ahead when an identity provider needs the callback URL. */
    port?: number;
    /** `auth.providers` (default: guest only). */
    authProviders?: Record<string, unknown>;
  } = {},
): Promise<PortalUnderTest> {
  const external = process.env.GREENROOM_E2E_PORTAL_URL;
  if (external && !options.authProviders) return { url: external.replace(/\/+$/, ''), stop: async () => {} };
  const { dir } = await bundleToTempDir({ index: portalEntryPoints.index });
  await buildWeb({ outDir: path.join(dir, 'web'), quiet: true });
  const cwd = await mkdtemp(path.join(tmpdir(), 'greenroom-e2e-'));
  await symlink(path.join(repoRoot, 'examples'), path.join(cwd, 'examples'), 'dir');
  const port = options.port ?? (await freePort());
  const url = `http://localhost:${port}`;
  // Lets the test wait for the example catalog before a browser signs anyone in.
  const readinessToken = `e2e-${randomBytes(18).toString('base64url')}`;
  await writeFile(
    path.join(cwd, 'app-config.yaml'),
    JSON.stringify({
      app: { title: 'Greenroom E2E', baseUrl: url },
      backend: {
        baseUrl: url,
        listen: { host: '127.0.0.1', port },
        database: { client: 'better-sqlite3', connection: ':memory:' },
        logger: { format: 'json' },
        auth: {
          externalAccess: [{ type: 'static', options: { token: readinessToken, subject: 'e2e-readiness' } }],
        },
      },
      auth: { environment: 'development', providers: options.authProviders ?? { guest: {} } },
      catalog: {
        locations: [
          {
            type: 'file',
            target: './examples/catalog/all.yaml',
            rules: [
              { allow: ['Location', 'Domain', 'System', 'Component', 'API', 'Resource', 'Group', 'User'] },
            ],
          },
        ],
      },
    }),
  );
  const portal = PortalProcess.start({ script: path.join(dir, 'index.mjs'), cwd });
  try {
    await portal.listeningUrl(60_000);
  } catch (error) {
    await portal.stop();
    throw new Error(`The portal did not start:\n${portal.describeOutput()}`, { cause: error });
  }
  try {
    await waitForExampleCatalog(url, readinessToken);
  } catch (error) {
    await portal.stop();
    throw new Error(`The example catalog did not load:\n${portal.describeOutput()}`, { cause: error });
  }
  return {
    url,
    stop: async () => {
      await portal.stop();
      await rm(cwd, { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the example catalog is loaded and stitched: a user that signs in has
 * their groups (memberOf), and the entity count has stopped growing.
 */
async function waitForExampleCatalog(url: string, token: string, timeoutMs = 120_000): Promise<void> {
  const headers = { authorization: `Bearer ${token}` };
  const deadline = Date.now() + timeoutMs;
  let lastCount = -1;
  while (Date.now() < deadline) {
    const user = await fetch(`${url}/api/catalog/entities/by-name/user/default/sofia.alvarez`, { headers });
    if (user.ok) {
      const entity = (await user.json()) as { relations?: { type: string }[] };
      const page = await fetch(`${url}/api/catalog/entities/by-query?limit=1`, { headers });
      const { totalItems } = (await page.json()) as { totalItems: number };
      if (entity.relations?.some((r) => r.type === 'memberOf') && totalItems === lastCount) return;
      lastCount = totalItems;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The example catalog was not loaded within ${timeoutMs} ms`);
}
