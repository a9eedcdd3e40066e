import { copyFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../scripts/bundle.mjs';
import { waitForReadiness } from './testing/http-probe.js';
import { PortalHarness } from './testing/portal-harness.js';

const harness = PortalHarness.create();

/** The shipped app-config.yaml, on a free port of 127.0.0.1 and logging JSON, via overrides. */
async function embeddedDefaultWorkspace() {
  const cwd = await harness.workspace({});
  await copyFile(join(repoRoot, 'app-config.yaml'), join(cwd, 'app-config.yaml'));
  const env = {
    APP_CONFIG_backend_listen_host: '127.0.0.1',
    APP_CONFIG_backend_listen_port: '0',
    APP_CONFIG_backend_logger_format: 'json',
  };
  return { cwd, env };
}

describe('the portal started with the shipped app-config.yaml', () => {
  it('serves the status page at / and answers the health checks', async () => {
    const portal = harness.start('portal', await embeddedDefaultWorkspace());
    const url = await portal.listeningUrl();
    await waitForReadiness(url);

    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<h1>Greenroom is up</h1>');

    const liveness = await fetch(`${url}/.backstage/health/v1/liveness`);
    expect(liveness.status).toBe(200);
    expect(await liveness.json()).toEqual({ status: 'ok' });
    const readiness = await fetch(`${url}/.backstage/health/v1/readiness`);
    expect(readiness.status).toBe(200);
    expect(await readiness.json()).toEqual({ status: 'ok' });
  });

  it('answers an unknown /api path with 404 and the Backstage error body', async () => {
    const portal = harness.start('portal', await embeddedDefaultWorkspace());
    const url = await portal.listeningUrl();

    const response = await fetch(`${url}/api/x`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { name: 'NotFoundError', message: 'No route for GET /api/x' },
      request: { method: 'GET', url: '/api/x' },
      response: { statusCode: 404 },
    });
  });

  it("keeps a plugin's SQLite database as a file in ./data of its working directory", async () => {
    const { cwd, env } = await embeddedDefaultWorkspace();
    const backend = harness.start('fixture', { cwd, env });
    const url = await backend.listeningUrl();

    const first = await fetch(`${url}/api/fixture/visits`, { method: 'POST' });
    expect(await first.json()).toEqual({ visits: 1, dialect: 'sqlite' });
    const file = join(cwd, 'data', 'greenroom_fixture.sqlite');
    expect((await stat(file)).isFile()).toBe(true);
    expect((await readFile(file)).subarray(0, 15).toString()).toBe('SQLite format 3');

    backend.signal('SIGTERM');
    expect(await backend.waitForExit()).toEqual({ code: 0, signal: null });
    const again = harness.start('fixture', { cwd, env });
    const second = await fetch(`${await again.listeningUrl()}/api/fixture/visits`, { method: 'POST' });
    expect(await second.json()).toEqual({ visits: 2, dialect: 'sqlite' });
  });
});
