// A throwaway PostgreSQL database for the benchmark's --pg variant.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Creates `greenroom_bench_<random>` on the server at `adminUrl` and returns a
 * `backend.database` block using it (plugin databases get the same name as prefix)
 * and `drop()`, which removes it and every plugin database made with that prefix.
 *
 * @example
 * const db = await createBenchDatabase('postgres://postgres@127.0.0.1:5432/postgres');
 * try { … db.databaseConfig … } finally { await db.drop(); }
 */
export async function createBenchDatabase(adminUrl) {
  const name = `greenroom_bench_${randomBytes(5).toString('hex')}`;
  await admin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    databaseConfig: { client: 'pg', connection: url.toString(), prefix: `${name}_` },
    drop: () =>
      admin(adminUrl, async (client) => {
        const { rows } = await client.query(
          'SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $2)',
          [name, `${name}_`],
        );
        for (const { datname } of rows)
          await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }),
  };
}

async function admin(url, run) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
