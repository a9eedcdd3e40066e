import { ConfigReader } from '@greenroom/config';
import { afterEach, describe, expect, it } from 'vitest';
import { rootHttpRouterServiceFactory } from '../http/index.js';
import type { DefaultRootHttpRouter } from '../http/root-http-router.js';
import { TestLifecycle, TestLogger } from '../http/testing/index.js';
import { rootHealthServiceFactory } from './root-health-service-factory.js';

describe('health routes on the root router', () => {
  let lifecycle: TestLifecycle | undefined;
  afterEach(async () => {
    await lifecycle?.shutdown();
    lifecycle = undefined;
  });

  it('report starting → ok → shutting down as the lifecycle hooks run', async () => {
    lifecycle = new TestLifecycle();
    const config = new ConfigReader({ backend: { listen: { host: '127.0.0.1', port: 0 } } });
    const health = await rootHealthServiceFactory.factory({ lifecycle }, undefined);
    const router = (await rootHttpRouterServiceFactory.factory(
      { config, logger: new TestLogger(), lifecycle, health },
      undefined,
    )) as DefaultRootHttpRouter;

    expect(lifecycle.startupHooks.map((h) => h.label)).toEqual([
      'rootHttpRouter: listen',
      'rootHealth: ready',
    ]);
    expect(lifecycle.beforeShutdownHooks.map((h) => h.label)).toEqual([
      'rootHealth: readiness off',
      'rootHttpRouter: drain and close',
    ]);

    const [listen, ready] = lifecycle.startupHooks;
    await listen!.hook();
    const base = `http://127.0.0.1:${router.getListenAddress()!.port}/.backstage/health/v1`;
    const get = async (path: string) => {
      const response = await fetch(`${base}/${path}`);
      return {
        status: response.status,
        body: await response.json(),
        cache: response.headers.get('cache-control'),
      };
    };

    expect(await get('liveness')).toEqual({ status: 200, body: { status: 'ok' }, cache: 'no-store' });
    expect(await get('readiness')).toEqual({
      status: 503,
      body: { status: 'error', message: 'Backend is starting' },
      cache: 'no-store',
    });

    await ready!.hook();
    expect((await get('readiness')).body).toEqual({ status: 'ok' });

    const [readinessOff, drain] = lifecycle.beforeShutdownHooks;
    await readinessOff!.hook();
    expect(await get('readiness')).toMatchObject({
      status: 503,
      body: { status: 'error', message: 'Backend is shutting down' },
    });
    expect((await get('liveness')).status).toBe(200);

    await drain!.hook();
    await expect(fetch(`${base}/liveness`)).rejects.toThrow();
  });

  it('are public: no credentials needed and not under /api', async () => {
    lifecycle = new TestLifecycle();
    const config = new ConfigReader({ backend: { listen: '127.0.0.1:0' } });
    const health = await rootHealthServiceFactory.factory({ lifecycle }, undefined);
    const router = (await rootHttpRouterServiceFactory.factory(
      { config, logger: new TestLogger(), lifecycle, health },
      undefined,
    )) as DefaultRootHttpRouter;
    await lifecycle.startup();
    const response = await fetch(
      `http://127.0.0.1:${router.getListenAddress()!.port}/.backstage/health/v1/readiness`,
    );
    expect(response.status).toBe(200);
  });
});
