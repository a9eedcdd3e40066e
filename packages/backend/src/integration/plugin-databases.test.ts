import type { JsonObject } from '@greenroom/config';
import { type TestDatabaseId, TestDatabases, waitFor } from '@greenroom/test-utils';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CREATE_NOTES, notesPlugin } from './fixtures/notes-plugin.js';
import { type StartedBackend, useTestBackends } from './support/test-backends.js';

const databases = TestDatabases.create();
const backends = useTestBackends();

interface DatabaseSetup {
  name: string;
  id: TestDatabaseId;
  mode?: 'schema';
}

const setups: DatabaseSetup[] = databases.eachSupportedId().flatMap((id): DatabaseSetup[] =>
  id === 'POSTGRES'
    ? [
        { name: 'PostgreSQL, a database per plugin', id },
        { name: 'PostgreSQL, a schema per plugin', id, mode: 'schema' },
      ]
    : [{ name: 'SQLite, a file per plugin', id }],
);

async function databaseConfig(setup: DatabaseSetup): Promise<JsonObject> {
  const config = await databases.createConfig(setup.id);
  return setup.mode ? { ...config, pluginDivisionMode: setup.mode } : config;
}

async function addNote(backend: StartedBackend, pluginId: string, text: string) {
  const res = await backend.request(`/api/${pluginId}/notes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  expect(res.status).toBe(201);
}

async function notesOf(backend: StartedBackend, pluginId: string): Promise<string[]> {
  const res = await backend.request(`/api/${pluginId}/notes`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { notes: string[] }).notes;
}

describe.each(setups)('plugin databases on $name', (setup) => {
  it('let two plugins create a table of the same name, each seeing only its own rows', async () => {
    const database = await databaseConfig(setup);
    const applied: string[] = [];
    const backend = await backends.start({
      features: [notesPlugin('alpha', { applied }), notesPlugin('beta', { applied })],
      config: { backend: { database } },
    });
    expect(applied.sort()).toEqual([`alpha:${CREATE_NOTES}`, `beta:${CREATE_NOTES}`]);

    await addNote(backend, 'alpha', 'written by alpha');
    await addNote(backend, 'beta', 'written by beta');
    expect(await notesOf(backend, 'alpha')).toEqual(['written by alpha']);
    expect(await notesOf(backend, 'beta')).toEqual(['written by beta']);
  });

  it('run each migration once across a restart, keeping the data and applying only new migrations', async () => {
    const config = { backend: { database: await databaseConfig(setup) } };
    const applied: string[] = [];
    const first = await backends.start({ features: [notesPlugin('alpha', { applied })], config });
    await addNote(first, 'alpha', 'before the restart');
    await first.stop();

    const upgraded = notesPlugin('alpha', {
      applied,
      moreMigrations: {
        '20260201_add_author': {
          up: (db) => db.schema.alterTable('notes').addColumn('author', 'text').execute(),
        },
      },
    });
    const second = await backends.start({ features: [upgraded], config });
    expect(applied).toEqual([`alpha:${CREATE_NOTES}`, 'alpha:20260201_add_author']);
    expect(await notesOf(second, 'alpha')).toEqual(['before the restart']);
    await second.stop();

    const third = await backends.start({ features: [upgraded], config });
    expect(applied).toHaveLength(2);
    expect(await notesOf(third, 'alpha')).toEqual(['before the restart']);
  });

  it('apply a migration once when two instances start together', async () => {
    const config = { backend: { database: await databaseConfig(setup) } };
    const applied: string[] = [];
    let inFirstMigration = 0;
    // Holds the first migration open until the other instance arrives too, or 1 s passed.
    const beforeFirstMigration = async () => {
      inFirstMigration += 1;
      await waitFor(() => inFirstMigration >= 2, 'the other instance', 1_000).catch(() => {});
    };
    const [a, b] = await Promise.all([
      backends.start({ features: [notesPlugin('alpha', { applied, beforeFirstMigration })], config }),
      backends.start({ features: [notesPlugin('alpha', { applied, beforeFirstMigration })], config }),
    ]);
    expect(applied).toEqual([`alpha:${CREATE_NOTES}`]);
    await addNote(a, 'alpha', 'one table for both');
    expect(await notesOf(b, 'alpha')).toEqual(['one table for both']);
  });

  if (setup.id === 'POSTGRES') {
    it('keep each plugin in its own PostgreSQL database or schema, named with the prefix', async () => {
      const database = await databaseConfig(setup);
      const applied: string[] = [];
      await backends.start({
        features: [notesPlugin('alpha', { applied }), notesPlugin('beta', { applied })],
        config: { backend: { database } },
      });
      const prefix = database.prefix as string;
      const client = new pg.Client({ connectionString: database.connection as string });
      await client.connect();
      try {
        const { rows } =
          setup.mode === 'schema'
            ? await client.query<{ name: string }>(
                'SELECT schema_name AS name FROM information_schema.schemata WHERE starts_with(schema_name, $1)',
                [prefix],
              )
            : await client.query<{ name: string }>(
                'SELECT datname AS name FROM pg_database WHERE starts_with(datname, $1)',
                [prefix],
              );
        expect(rows.map((row) => row.name).sort()).toEqual([`${prefix}alpha`, `${prefix}beta`]);
      } finally {
        await client.end();
      }
    });
  }
});
