import { TestDatabases } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { PortalHarness } from './testing/portal-harness.js';

const harness = PortalHarness.create();
const databases = TestDatabases.create({ ids: ['POSTGRES'] });

/** The fixture backend's config: a free port on 127.0.0.1, JSON logs, and this database block. */
function fixtureConfig(database: Record<string, unknown>): string {
  return JSON.stringify(
    { backend: { listen: { host: '127.0.0.1', port: 0 }, logger: { format: 'json' }, database } },
    null,
    2,
  );
}

describe('a portal whose PostgreSQL server is unreachable', () => {
  it('logs each retry, then exits non-zero naming the server and the config key, not the password', async () => {
    const cwd = await harness.workspace({
      'app-config.yaml': fixtureConfig({
        client: 'pg',
        connection: 'postgres://postgres:pg-password-7@127.0.0.1:1/x',
        connectRetries: { attempts: 3, initialDelayMillis: 10, maxDelayMillis: 20 },
      }),
    });
    const backend = harness.start('fixture', { cwd });
    const exit = await backend.waitForExit();

    expect(exit.code).not.toBe(0);
    expect(exit.signal).toBeNull();
    const retries = backend.logs.filter((entry) => /is not reachable \(attempt/.test(entry.message));
    expect(retries.map((entry) => entry.level)).toEqual(['warn', 'warn']);
    expect(retries[0]!.message).toContain('PostgreSQL at 127.0.0.1:1 is not reachable (attempt 1 of 3)');
    expect(backend.stdout).not.toContain('Listening on');
    expect(backend.stderr).toContain('Greenroom could not start:');
    expect(backend.stderr).toContain('Could not connect to PostgreSQL at 127.0.0.1:1 after 3 attempts');
    expect(backend.stderr).toContain('backend.database.connection');
    expect(backend.stdout + backend.stderr).not.toContain('pg-password-7');
  });
});

describe.each(databases.eachSupportedId())('a portal on %s', (databaseId) => {
  it("keeps a plugin's rows in its own database and stops cleanly", async () => {
    const cwd = await harness.workspace({
      'app-config.yaml': fixtureConfig(await databases.createConfig(databaseId)),
    });
    const backend = harness.start('fixture', { cwd });
    const url = await backend.listeningUrl();

    for (const visits of [1, 2]) {
      const response = await fetch(`${url}/api/fixture/visits`, { method: 'POST' });
      expect(await response.json()).toEqual({ visits, dialect: 'postgres' });
    }
    backend.signal('SIGTERM');
    expect(await backend.waitForExit()).toEqual({ code: 0, signal: null });
  });
});
