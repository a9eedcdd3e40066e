import http from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gate, httpGet, startTestRootHttpRouter, type TestRootHttpRouter } from './testing/index.js';

describe('graceful shutdown of the root router', () => {
  let started: TestRootHttpRouter | undefined;
  const agents: http.Agent[] = [];
  afterEach(async () => {
    await started?.router.stop();
    started = undefined;
    for (const agent of agents.splice(0)) agent.destroy();
  });

  it('lets an in-flight request finish with 200 while the server stops, and refuses new connections', async () => {
    const entered = gate();
    const release = gate();
    started = await startTestRootHttpRouter(async (app) => {
      app.get('/slow', async () => {
        entered.open();
        await release.promise;
        return { finished: true };
      });
    });
    const { router, url } = started;

    const slow = httpGet(`${url}/slow`);
    await entered.promise;
    const stopped = router.stop();
    await vi.waitFor(() => expect(router.server.server.listening).toBe(false));

    await expect(httpGet(`${url}/slow`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    release.open();
    const response = await slow;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ finished: true });
    expect(response.headers.connection).toBe('close');
    await stopped;
    expect(router.getListenAddress()).toBeUndefined();
  });

  it('answers a request arriving on a kept-alive connection during shutdown with 503 and Connection: close', async () => {
    const closeBegun = gate();
    const holdClose = gate();
    started = await startTestRootHttpRouter(async (app) => {
      app.get('/hello', async () => ({ hello: 'world' }));
      // Holds the server between "closing" and "no longer accepting", the window in
      // which a client may still send on a connection it kept open.
      app.addHook('preClose', async () => {
        closeBegun.open();
        await holdClose.promise;
      });
    });
    const { router, url } = started;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);

    const before = await httpGet(`${url}/hello`, { agent });
    expect(before.status).toBe(200);
    expect(before.headers.connection).toBe('keep-alive');

    const stopped = router.stop();
    await closeBegun.promise;
    const during = await httpGet(`${url}/hello`, { agent }).finally(() => holdClose.open());
    expect(during.status).toBe(503);
    expect(during.headers.connection).toBe('close');
    expect(JSON.parse(during.body)).toEqual({
      error: {
        name: 'ServiceUnavailableError',
        message: 'The backend is shutting down; send the request again',
      },
      request: { method: 'GET', url: '/hello' },
      response: { statusCode: 503 },
    });

    await stopped;
  });

  it('keeps serving during backend.lifecycle.serverShutdownDelay', async () => {
    started = await startTestRootHttpRouter(
      async (app) => {
        app.get('/hello', async () => ({ hello: 'world' }));
      },
      { lifecycle: { serverShutdownDelay: '1s' } },
    );
    const { router, url } = started;
    const stopped = router.stop();
    expect((await httpGet(`${url}/hello`)).status).toBe(200);
    await stopped;
    await expect(httpGet(`${url}/hello`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('cuts connections still busy after backend.lifecycle.shutdownTimeout', async () => {
    const entered = gate();
    started = await startTestRootHttpRouter(
      async (app) => {
        app.get('/stuck', async () => {
          entered.open();
          await new Promise(() => {});
        });
      },
      { lifecycle: { shutdownTimeout: 100 } },
    );
    const { router, url, logger } = started;
    const stuck = httpGet(`${url}/stuck`);
    await entered.promise;

    await router.stop();
    await expect(stuck).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: '1 connection(s) still busy after 100 ms (backend.lifecycle.shutdownTimeout); closing them',
      }),
    );
  });

  it('can be stopped more than once, and before it ever listened', async () => {
    started = await startTestRootHttpRouter();
    await Promise.all([started.router.stop(), started.router.stop()]);
    await started.router.stop();
  });
});
