import { EventEmitter, once } from 'node:events';
import { coreServices, createBackendModule } from '@greenroom/backend-plugin-api';
import type { Entity } from '@greenroom/catalog-model';
import { TestDatabases, waitFor } from '@greenroom/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogProcessingExtensionPoint } from '../extension-points.js';
import type { EntityProvider, EntityProviderConnection } from '../providers/entity-provider.js';
import { type CatalogTestBackend, startCatalogTestBackend } from './catalog-test-backend.js';

const databases = TestDatabases.create();

const user = (name: string, provider: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: {
    name,
    annotations: {
      'backstage.io/managed-by-location': `${provider}:directory`,
      'backstage.io/managed-by-origin-location': `${provider}:directory`,
    },
  },
  spec: { memberOf: [] },
});

describe.each(databases.eachSupportedId())('entity providers on %s', (databaseId) => {
  let catalog: CatalogTestBackend | undefined;
  afterEach(async () => {
    await catalog?.stop();
    catalog = undefined;
  });

  it('runs a scheduled provider whose full mutations replace its entities', async () => {
    let directory = ['ada', 'alan'];
    let runs = 0;
    const scheduled = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'scheduled-directory',
      register(reg) {
        reg.registerInit({
          deps: { processing: catalogProcessingExtensionPoint, scheduler: coreServices.scheduler },
          async init({ processing, scheduler }) {
            processing.addEntityProvider({
              getProviderName: () => 'scheduled-directory',
              async connect(connection) {
                await scheduler.scheduleTask({
                  id: 'scheduled-directory',
                  frequency: { milliseconds: 200 },
                  timeout: { seconds: 10 },
                  fn: async () => {
                    runs += 1;
                    await connection.applyMutation({
                      type: 'full',
                      entities: directory.map((name) => ({ entity: user(name, 'scheduled') })),
                    });
                  },
                });
              },
            });
          },
        });
      },
    });
    catalog = await startCatalogTestBackend(databases, databaseId, {}, { features: [scheduled] });
    await catalog.waitForEntity('user:default/alan');
    directory = ['ada', 'grace'];
    await catalog.waitForEntity('user:default/grace');
    await waitFor(async () => (await catalog!.entity('user:default/alan')) === undefined, 'alan removed');
    expect(runs).toBeGreaterThan(1);
  });

  it('applies delta mutations fed by events', async () => {
    const events = new EventEmitter();
    class EventFedProvider implements EntityProvider {
      getProviderName() {
        return 'event-fed';
      }
      async connect(connection: EntityProviderConnection) {
        events.on('user.joined', (name: string) => {
          void connection
            .applyMutation({ type: 'delta', added: [{ entity: user(name, 'events') }], removed: [] })
            .then(() => events.emit('applied'));
        });
        events.on('user.left', (name: string) => {
          void connection
            .applyMutation({ type: 'delta', added: [], removed: [{ entityRef: `user:default/${name}` }] })
            .then(() => events.emit('applied'));
        });
        events.emit('connected');
      }
    }
    const connected = once(events, 'connected');
    const module = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'event-fed',
      register(reg) {
        reg.registerInit({
          deps: { processing: catalogProcessingExtensionPoint },
          async init({ processing }) {
            processing.addEntityProvider(new EventFedProvider());
          },
        });
      },
    });
    catalog = await startCatalogTestBackend(databases, databaseId, {}, { features: [module] });
    await connected;
    events.emit('user.joined', 'ada');
    events.emit('user.joined', 'grace');
    await catalog.waitForEntity('user:default/ada');
    await catalog.waitForEntity('user:default/grace');
    events.emit('user.left', 'ada');
    await waitFor(async () => (await catalog!.entity('user:default/ada')) === undefined, 'ada removed');
    expect(await catalog.entity('user:default/grace')).toBeDefined();
  });

  it('takes entities pushed to a plugin route', async () => {
    const module = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'http-push',
      register(reg) {
        reg.registerInit({
          deps: { processing: catalogProcessingExtensionPoint, http: coreServices.httpRouter },
          async init({ processing, http }) {
            let connection: EntityProviderConnection | undefined;
            processing.addEntityProvider({
              getProviderName: () => 'http-push',
              connect: async (c) => {
                connection = c;
              },
            });
            const body = z.object({ users: z.array(z.string().regex(/^[a-z]+$/)).max(100) });
            http.use(async (app) => {
              app.post('/push/users', async (request, reply) => {
                const { users } = body.parse(request.body);
                await connection?.applyMutation({
                  type: 'full',
                  entities: users.map((name) => ({ entity: user(name, 'push') })),
                });
                return reply.status(202).send({ accepted: users.length });
              });
            });
          },
        });
      },
    });
    catalog = await startCatalogTestBackend(databases, databaseId, {}, { features: [module] });
    const pushed = await catalog.json('/api/catalog/push/users', {
      method: 'POST',
      body: { users: ['ada', 'linus'] },
    });
    expect(pushed).toEqual({ status: 202, body: { accepted: 2 } });
    await catalog.waitForEntity('user:default/linus');
    await catalog.json('/api/catalog/push/users', { method: 'POST', body: { users: ['ada'] } });
    await waitFor(async () => (await catalog!.entity('user:default/linus')) === undefined, 'linus removed');
  });
});
