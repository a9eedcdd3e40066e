import { setTimeout as sleep } from 'node:timers/promises';
import { coreServices, createBackendPlugin, type Migration } from '@greenroom/backend-plugin-api';
import { z } from 'zod';

/** The longest `/slow` request the fixture accepts, so a typo cannot hang a test run. */
const MAX_SLOW_MS = 120_000;

const slowQuerySchema = z.object({ ms: z.coerce.number().int().min(0).max(MAX_SLOW_MS) });

interface FixtureTables {
  visits: { at: string };
}

const migrations: Record<string, Migration> = {
  '20260101_visits': {
    async up(db) {
      await db.schema
        .createTable('visits')
        .addColumn('at', 'text', (column) => column.notNull())
        .execute();
    },
  },
};

/**
 * A plugin for the portal's process tests. It migrates its database while it
 * initialises (so an unreachable database fails startup) and serves two public routes:
 * `GET /api/fixture/slow?ms=250` answers after that long (an in-flight request to
 * shut down under), and `POST /api/fixture/visits` stores a row and answers with the
 * row count (a round trip to the database).
 *
 * @example
 * backend.add(fixturePlugin);
 */
export const fixturePlugin = createBackendPlugin({
  pluginId: 'fixture',
  register(reg) {
    reg.registerInit({
      deps: { http: coreServices.httpRouter, database: coreServices.database, logger: coreServices.logger },
      async init({ http, database, logger }) {
        await database.migrate(migrations);
        const db = await database.getClient<FixtureTables>();
        http.use(async (app) => {
          app.get('/slow', { schema: { querystring: slowQuerySchema } }, async (request) => {
            const { ms } = request.query as z.output<typeof slowQuerySchema>;
            logger.info(`Slow request started (${ms} ms)`);
            await sleep(ms);
            return { sleptMs: ms };
          });
          app.post('/visits', async () => {
            await db.insertInto('visits').values({ at: new Date().toISOString() }).execute();
            const { count } = await db
              .selectFrom('visits')
              .select((eb) => eb.fn.countAll<number>().as('count'))
              .executeTakeFirstOrThrow();
            return { visits: Number(count), dialect: database.dialect };
          });
        });
        http.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});
