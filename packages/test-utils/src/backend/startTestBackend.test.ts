import { coreServices, createBackendPlugin } from '@greenroom/backend-plugin-api';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBackend, type TestBackend } from './startTestBackend.js';

const greeterPlugin = createBackendPlugin({
  pluginId: 'greeter',
  register(reg) {
    reg.registerInit({
      deps: { http: coreServices.httpRouter, database: coreServices.database },
      async init({ http, database }) {
        await database.migrate({
          '001_greetings': {
            up: (db) => db.schema.createTable('greetings').addColumn('text', 'text').execute(),
          },
        });
        const db = await database.getClient<{ greetings: { text: string } }>();
        await db.insertInto('greetings').values({ text: 'hello' }).execute();
        http.use(async (app) => {
          app.get('/public/greeting', async () =>
            db.selectFrom('greetings').selectAll().executeTakeFirstOrThrow(),
          );
          app.get('/private', async () => ({ secret: true }));
        });
        http.addAuthPolicy({ path: '/public', allow: 'unauthenticated' });
      },
    });
  },
});

describe('startTestBackend', () => {
  let backend: TestBackend | undefined;
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  it('serves a plugin on an ephemeral port with its own migrated SQLite database', async () => {
    backend = await startTestBackend({ features: [greeterPlugin] });
    expect(backend.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await backend.request('/api/greeter/public/greeting');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ text: 'hello' });
  });

  it('keeps routes that no policy made public behind credentials', async () => {
    backend = await startTestBackend({ features: [greeterPlugin] });
    const res = await backend.request('/api/greeter/private');
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: { name: 'AuthenticationError' },
      response: { statusCode: 401 },
    });
  });

  it('merges the given config over its defaults', async () => {
    backend = await startTestBackend({
      features: [greeterPlugin],
      config: { backend: { auth: { dangerouslyDisableDefaultAuthPolicy: true } } },
    });
    expect((await backend.request('/api/greeter/private')).status).toBe(200);
    expect((await backend.request('/.backstage/health/v1/readiness')).status).toBe(200);
  });

  it('fails to start with the key and the reason when the config is invalid', async () => {
    await expect(
      startTestBackend({ features: [greeterPlugin], config: { backend: { listen: { port: 'seven' } } } }),
    ).rejects.toThrow(/backend\.listen\.port/);
  });
});
