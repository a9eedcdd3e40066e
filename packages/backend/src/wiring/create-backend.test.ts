import {
  type Config,
  coreServices,
  createBackendModule,
  createBackendPlugin,
  createExtensionPoint,
  createServiceFactory,
  createServiceRef,
  type RootLogger,
  type ServiceRef,
} from '@greenroom/backend-plugin-api';
import { describe, expect, it } from 'vitest';
import { type CreateBackendOptions, createBackendWith } from './create-backend.js';

/** Minimal root services so the wiring can be tested on its own. */
function testDefaults(events: string[] = []): CreateBackendOptions {
  const logger: RootLogger = {
    error: (m) => events.push(`log.error ${m}`),
    warn: () => {},
    info: () => {},
    debug: () => {},
    child: () => logger,
    addRedactions: () => {},
  };
  return {
    handleSignals: false,
    defaultServiceFactories: [
      createServiceFactory({
        service: coreServices.rootConfig,
        deps: {},
        factory: () => ({}) as Config,
      }),
      createServiceFactory({ service: coreServices.rootLogger, deps: {}, factory: () => logger }),
    ],
  };
}

const counterRef = createServiceRef<{ id: string; n: number }>({ id: 'test.counter' });
let created = 0;
const counterFactory = createServiceFactory({
  service: counterRef,
  deps: { meta: coreServices.pluginMetadata },
  factory: ({ meta }) => ({ id: meta.getId(), n: ++created }),
});

function pluginUsing<T>(pluginId: string, ref: ServiceRef<T>, seen: T[]) {
  return createBackendPlugin({
    pluginId,
    register(reg) {
      reg.registerInit({
        deps: { svc: ref },
        init: ({ svc }) => {
          seen.push(svc as T);
        },
      });
    },
  });
}

describe('createBackend', () => {
  it('gives each plugin its own instance of a plugin service and shares root services', async () => {
    const rootRef = createServiceRef<object>({ id: 'test.root', scope: 'root' });
    const rootInstance = {};
    const backend = createBackendWith(testDefaults());
    const counters: { id: string }[] = [];
    const roots: object[] = [];
    backend.add(counterFactory);
    backend.add(createServiceFactory({ service: rootRef, deps: {}, factory: () => rootInstance }));
    backend.add(pluginUsing('first', counterRef, counters));
    backend.add(pluginUsing('second', counterRef, counters));
    backend.add(pluginUsing('third', rootRef, roots));
    backend.add(pluginUsing('fourth', rootRef, roots));
    await backend.start();
    expect(counters.map((c) => c.id).sort()).toEqual(['first', 'second']);
    expect(roots).toEqual([rootInstance, rootInstance]);
    await backend.stop();
  });

  it('lets an added factory replace the default one for the same ref', async () => {
    const ref = createServiceRef<string>({
      id: 'test.greeting',
      defaultFactory: (service) => createServiceFactory({ service, deps: {}, factory: () => 'default' }),
    });
    const seen: string[] = [];
    const withDefault = createBackendWith(testDefaults());
    withDefault.add(pluginUsing('a', ref, seen));
    await withDefault.start();
    const replaced = createBackendWith(testDefaults());
    replaced.add(pluginUsing('a', ref, seen));
    replaced.add(createServiceFactory({ service: ref, deps: {}, factory: () => 'replaced' }));
    await replaced.start();
    expect(seen).toEqual(['default', 'replaced']);
  });

  it('initialises modules before their plugin and hands them the plugin extension points', async () => {
    const order: string[] = [];
    const greetings = createExtensionPoint<{ add(g: string): void }>({ id: 'test.greetings' });
    const collected: string[] = [];
    const backend = createBackendWith(testDefaults());
    backend.add(
      createBackendPlugin({
        pluginId: 'greeter',
        register(reg) {
          reg.registerExtensionPoint(greetings, { add: (g) => collected.push(g) });
          reg.registerInit({
            deps: {},
            init: () => {
              order.push('plugin');
            },
          });
        },
      }),
    );
    backend.add(
      createBackendModule({
        pluginId: 'greeter',
        moduleId: 'hello',
        register(reg) {
          reg.registerInit({
            deps: { greetings },
            init: ({ greetings }) => {
              order.push('module');
              greetings.add('hello');
            },
          });
        },
      }),
    );
    await backend.start();
    expect(order).toEqual(['module', 'plugin']);
    expect(collected).toEqual(['hello']);
  });

  it('accepts a dynamic import whose default export is a feature', async () => {
    const seen: string[] = [];
    const backend = createBackendWith(testDefaults());
    const ref = createServiceRef<string>({ id: 'test.dynamic' });
    backend.add(createServiceFactory({ service: ref, deps: {}, factory: () => 'ok' }));
    backend.add(Promise.resolve({ default: pluginUsing('dynamic', ref, seen) }));
    await backend.start();
    expect(seen).toEqual(['ok']);
  });

  it('fails startup naming the plugin and the chain when a service has no implementation', async () => {
    const missing = createServiceRef<string>({ id: 'test.missing' });
    const middle = createServiceRef<string>({ id: 'test.middle' });
    const backend = createBackendWith(testDefaults());
    backend.add(createServiceFactory({ service: middle, deps: { missing }, factory: () => 'x' }));
    backend.add(pluginUsing('catalog', middle, []));
    await expect(backend.start()).rejects.toThrow(
      "Plugin 'catalog' needs service 'test.missing' (via test.middle → test.missing), but no implementation is installed",
    );
  });

  it('fails startup with the whole chain when services depend on each other in a circle', async () => {
    const a = createServiceRef<string>({ id: 'test.a' });
    const b = createServiceRef<string>({ id: 'test.b' });
    const backend = createBackendWith(testDefaults());
    backend.add(createServiceFactory({ service: a, deps: { b }, factory: () => 'a' }));
    backend.add(createServiceFactory({ service: b, deps: { a }, factory: () => 'b' }));
    backend.add(pluginUsing('loop', a, []));
    await expect(backend.start()).rejects.toThrow(
      "Circular service dependency for plugin 'loop': test.a → test.b → test.a",
    );
  });

  it('refuses a module whose plugin is not installed', async () => {
    const backend = createBackendWith(testDefaults());
    backend.add(
      createBackendModule({
        pluginId: 'catalog',
        moduleId: 'github',
        register: (reg) => reg.registerInit({ deps: {}, init: () => {} }),
      }),
    );
    await expect(backend.start()).rejects.toThrow(
      "Module 'github' extends plugin 'catalog', which is not installed",
    );
  });

  it('refuses a module that uses an extension point its plugin does not offer', async () => {
    const other = createExtensionPoint<object>({ id: 'test.other' });
    const backend = createBackendWith(testDefaults());
    backend.add(pluginUsing('catalog', counterRef, []));
    backend.add(counterFactory);
    backend.add(
      createBackendModule({
        pluginId: 'catalog',
        moduleId: 'stray',
        register: (reg) => reg.registerInit({ deps: { other }, init: () => {} }),
      }),
    );
    await expect(backend.start()).rejects.toThrow(
      "Module 'stray' of plugin 'catalog' depends on extension point 'test.other' (as 'other'), which plugin 'catalog' does not offer",
    );
  });

  it('refuses a plugin that calls registerInit twice, or never', async () => {
    const twice = createBackendWith(testDefaults());
    twice.add(
      createBackendPlugin({
        pluginId: 'twice',
        register(reg) {
          reg.registerInit({ deps: {}, init: () => {} });
          reg.registerInit({ deps: {}, init: () => {} });
        },
      }),
    );
    await expect(twice.start()).rejects.toThrow("Plugin 'twice' called registerInit twice");
    const never = createBackendWith(testDefaults());
    never.add(createBackendPlugin({ pluginId: 'never', register() {} }));
    await expect(never.start()).rejects.toThrow("Plugin 'never' did not call registerInit in register()");
  });

  it('refuses registration calls made after the registration phase', async () => {
    const backend = createBackendWith(testDefaults());
    const late = createExtensionPoint<object>({ id: 'test.late' });
    backend.add(
      createBackendPlugin({
        pluginId: 'late',
        register(reg) {
          reg.registerInit({ deps: {}, init: () => reg.registerExtensionPoint(late, {}) });
        },
      }),
    );
    await expect(backend.start()).rejects.toThrow(
      "Plugin 'late' failed to initialize: Plugin 'late' registered extension point 'test.late' after its registration",
    );
  });

  it('refuses the same plugin twice, features added after start, and a second start', async () => {
    const dup = createBackendWith(testDefaults());
    dup.add(pluginUsing('same', counterRef, []));
    dup.add(pluginUsing('same', counterRef, []));
    await expect(dup.start()).rejects.toThrow("Plugin 'same' was added twice");

    const backend = createBackendWith(testDefaults());
    await backend.start();
    expect(() => backend.add(pluginUsing('x', counterRef, []))).toThrow('after backend.start()');
    await expect(backend.start()).rejects.toThrow('backend.start() was called twice');
  });

  it('refuses a factory function passed instead of a feature value', async () => {
    const backend = createBackendWith(testDefaults());
    backend.add((() => pluginUsing('x', counterRef, [])) as never);
    await expect(backend.start()).rejects.toThrow('pass the feature value, not a factory to call');
  });

  it('names the failing plugin and still runs shutdown hooks when an init throws', async () => {
    const events: string[] = [];
    const backend = createBackendWith(testDefaults(events));
    backend.add(
      createServiceFactory({
        service: createServiceRef<void>({ id: 'test.pool', scope: 'root' }),
        deps: { lifecycle: coreServices.rootLifecycle },
        factory: ({ lifecycle }) => lifecycle.addShutdownHook(() => void events.push('pool closed')),
      }),
    );
    backend.add(
      createBackendPlugin({
        pluginId: 'broken',
        register: (reg) =>
          reg.registerInit({
            deps: {},
            init: () => {
              throw new Error('no luck');
            },
          }),
      }),
    );
    await expect(backend.start()).rejects.toThrow("Plugin 'broken' failed to initialize: no luck");
    expect(events).toContain('pool closed');
  });

  it('runs startup hooks after every init and shutdown hooks in before → plugin → root order', async () => {
    const events: string[] = [];
    const backend = createBackendWith(testDefaults(events));
    backend.add(
      createServiceFactory({
        service: createServiceRef<void>({ id: 'test.server', scope: 'root' }),
        deps: { lifecycle: coreServices.rootLifecycle },
        factory: ({ lifecycle }) => {
          lifecycle.addStartupHook(() => void events.push('root started'));
          lifecycle.addBeforeShutdownHook(() => void events.push('before shutdown'));
          lifecycle.addShutdownHook(() => void events.push('root stopped 1'));
          lifecycle.addShutdownHook(() => void events.push('root stopped 2'));
        },
      }),
    );
    for (const id of ['one', 'two']) {
      backend.add(
        createBackendPlugin({
          pluginId: id,
          register: (reg) =>
            reg.registerInit({
              deps: { lifecycle: coreServices.lifecycle },
              init: ({ lifecycle }) => {
                events.push(`${id} init`);
                lifecycle.addStartupHook(() => void events.push(`${id} started`));
                lifecycle.addShutdownHook(() => {
                  events.push(`${id} stopped`);
                  throw new Error('ignored');
                });
              },
            }),
        }),
      );
    }
    await backend.start();
    expect(events.slice(0, 5).sort()).toEqual(
      ['one init', 'one started', 'two init', 'two started', 'root started'].sort(),
    );
    expect(events.indexOf('root started')).toBe(4);
    expect(events.indexOf('one started')).toBeGreaterThan(events.indexOf('two init'));
    events.length = 0;
    await Promise.all([backend.stop(), backend.stop()]);
    expect(events.filter((e) => !e.startsWith('log.'))).toEqual([
      'before shutdown',
      'one stopped',
      'two stopped',
      'root stopped 2',
      'root stopped 1',
    ]);
    expect(events.filter((e) => e.startsWith('log.error'))).toHaveLength(2);
  });

  it('does not let apps replace the lifecycle the backend drives', async () => {
    const backend = createBackendWith(testDefaults());
    backend.add(
      createServiceFactory({ service: coreServices.rootLifecycle, deps: {}, factory: () => ({}) as never }),
    );
    await expect(backend.start()).rejects.toThrow("'core.rootLifecycle' is provided by the backend itself");
  });
});
