import { describe, expect, it } from 'vitest';
import { PortalHarness } from './testing/portal-harness.js';

const harness = PortalHarness.create();

/** The fixture backend on a free port, logging JSON, its SQLite files in the workspace. */
function workspaceConfig(lifecycle = '') {
  return {
    'app-config.yaml': `backend:\n  listen: { host: 127.0.0.1, port: 0 }\n  logger: { format: json }\n${lifecycle}`,
  };
}

describe('a portal that receives SIGTERM', () => {
  it('finishes the request in flight with 200, logs the shutdown and exits with 0', async () => {
    const backend = harness.start('fixture', { cwd: await harness.workspace(workspaceConfig()) });
    const url = await backend.listeningUrl();

    const slow = fetch(`${url}/api/fixture/slow?ms=1000`);
    await backend.waitForLog(/^Slow request started/);
    backend.signal('SIGTERM');
    const response = await slow;

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ sleptMs: 1000 });
    expect(await backend.waitForExit()).toEqual({ code: 0, signal: null });
    const messages = backend.logs.map((entry) => entry.message);
    expect(messages).toContain('Received SIGTERM; shutting down');
    expect(messages).toContain('HTTP server stopped');
    expect(messages.indexOf('Received SIGTERM; shutting down')).toBeLessThan(
      messages.indexOf('HTTP server stopped'),
    );
  });

  it('exits with 0 when no request is in flight', async () => {
    const portal = harness.start('portal', { cwd: await harness.workspace(workspaceConfig()) });
    await portal.listeningUrl();

    portal.signal('SIGTERM');
    expect(await portal.waitForExit()).toEqual({ code: 0, signal: null });
    expect(portal.logs.map((entry) => entry.message)).toContain('Received SIGTERM; shutting down');
  });

  it('exits with 1 on a second signal while the shutdown hangs on a request', async () => {
    const cwd = await harness.workspace(workspaceConfig('  lifecycle: { shutdownTimeout: 2m }\n'));
    const backend = harness.start('fixture', { cwd });
    const url = await backend.listeningUrl();

    const hanging = fetch(`${url}/api/fixture/slow?ms=120000`).catch((error: Error) => error);
    await backend.waitForLog(/^Slow request started/);
    backend.signal('SIGTERM');
    await backend.waitForLog(/^Received SIGTERM; shutting down$/);
    backend.signal('SIGINT');

    expect(await backend.waitForExit()).toEqual({ code: 1, signal: null });
    expect(backend.logs.map((entry) => entry.message)).toContain('Received SIGINT again; exiting now');
    expect(await hanging).toBeInstanceOf(Error);
  });
});
