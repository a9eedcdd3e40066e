import http from 'node:http';
import type {
  Credentials,
  FastifyPluginAsync,
  FastifyRequest,
  HttpAuthService,
} from '@greenroom/backend-plugin-api';
import { ConfigReader } from '@greenroom/config';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createCredentials,
  DefaultAuthService,
  DefaultHttpAuthService,
  type TokenHandler,
} from '../auth/index.js';
import { httpRouterServiceFactory } from './http-router-service-factory.js';
import { readRootHttpRouterSettings } from './http-server-config.js';
import { PluginHttpRouter } from './plugin-http-router.js';
import { DefaultRootHttpRouter } from './root-http-router.js';
import { gate, httpGet, TestLogger } from './testing/index.js';

const USER_TOKEN = 'user-token-for-jane';
const SERVICE_TOKEN = 'service-token-for-ci';
const knownTokens: TokenHandler = {
  async verify(token) {
    if (token === USER_TOKEN) return createCredentials({ type: 'user', userEntityRef: 'user:default/jane' });
    if (token === SERVICE_TOKEN) return createCredentials({ type: 'service', subject: 'external:ci' });
    return undefined;
  },
};

/** Records what the barrier asks for, and answers with the real service. */
class RecordingHttpAuth implements HttpAuthService {
  readonly calls: { allow?: string[]; allowLimitedAccess?: boolean }[] = [];
  readonly #inner: HttpAuthService;
  constructor(inner: HttpAuthService) {
    this.#inner = inner;
  }
  credentials(request: FastifyRequest, options?: { allow?: any[]; allowLimitedAccess?: boolean }) {
    this.calls.push({ ...options });
    return this.#inner.credentials(request, options) as Promise<Credentials<any>>;
  }
  issueUserCookie(reply: Parameters<HttpAuthService['issueUserCookie']>[0]) {
    return this.#inner.issueUserCookie(reply);
  }
}

/** The `error` part of an error response body. */
async function errorOf(response: Response): Promise<{ name: string; message: string }> {
  return ((await response.json()) as { error: { name: string; message: string } }).error;
}

let root: DefaultRootHttpRouter | undefined;
afterEach(async () => {
  await root?.stop();
  root = undefined;
});

async function startPlugin(
  setup: (router: PluginHttpRouter, httpAuth: HttpAuthService) => void,
  options: { defaultAuthPolicy?: boolean; tokenHandlers?: TokenHandler[] } = {},
) {
  const logger = new TestLogger();
  root = new DefaultRootHttpRouter({
    settings: readRootHttpRouterSettings(new ConfigReader({ backend: { listen: '127.0.0.1:0' } })),
    logger,
  });
  const auth = new DefaultAuthService({ tokenHandlers: options.tokenHandlers ?? [], logger });
  const httpAuth = new RecordingHttpAuth(new DefaultHttpAuthService({ auth, logger }));
  const router = new PluginHttpRouter({
    pluginId: 'catalog',
    rootHttpRouter: root,
    httpAuth,
    logger,
    ...(options.defaultAuthPolicy === undefined ? {} : { defaultAuthPolicy: options.defaultAuthPolicy }),
  });
  setup(router, httpAuth);
  await root.listen();
  return { url: `http://127.0.0.1:${root.getListenAddress()!.port}`, logger, router, httpAuth };
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('PluginHttpRouter', () => {
  it('mounts the routes at /api/<pluginId> and refuses requests without credentials before the route runs', async () => {
    let calls = 0;
    const { url } = await startPlugin((router) =>
      router.use(async (app) => {
        app.get('/entities', async () => {
          calls++;
          return [];
        });
      }),
    );
    const response = await fetch(`${url}/api/catalog/entities`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        name: 'AuthenticationError',
        message: "Missing credentials: send 'Authorization: Bearer <token>' (accepted: user, service)",
      },
      request: { method: 'GET', url: '/api/catalog/entities' },
      response: { statusCode: 401 },
    });
    expect(calls).toBe(0);
  });

  it('lets requests with user or service credentials through, and the route reads them', async () => {
    const { url } = await startPlugin(
      (router, httpAuth) =>
        router.use(async (app) => {
          app.get('/whoami', async (request) => (await httpAuth.credentials(request)).principal);
        }),
      { tokenHandlers: [knownTokens] },
    );
    const user = await fetch(`${url}/api/catalog/whoami`, bearer(USER_TOKEN));
    expect(user.status).toBe(200);
    expect(await user.json()).toEqual({ type: 'user', userEntityRef: 'user:default/jane' });
    const service = await fetch(`${url}/api/catalog/whoami`, bearer(SERVICE_TOKEN));
    expect(await service.json()).toEqual({ type: 'service', subject: 'external:ci' });
  });

  it('serves paths covered by an unauthenticated policy without credentials, and only those', async () => {
    const { url } = await startPlugin((router) => {
      router.use(async (app) => {
        app.get('/public/info', async () => ({ public: true }));
        app.get('/publicity', async () => ({ public: false }));
      });
      router.addAuthPolicy({ path: '/public', allow: 'unauthenticated' });
    });
    expect((await fetch(`${url}/api/catalog/public/info`)).status).toBe(200);
    expect((await fetch(`${url}/api/catalog/publicity`)).status).toBe(401);
  });

  it("makes the whole plugin public with the policy path '/'", async () => {
    const { url } = await startPlugin((router) => {
      router.use(async (app) => {
        app.get('/', async () => ({ root: true }));
        app.get('/deep/path', async () => ({ deep: true }));
      });
      router.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
    });
    expect(await (await fetch(`${url}/api/catalog`)).json()).toEqual({ root: true });
    expect(await (await fetch(`${url}/api/catalog/deep/path`)).json()).toEqual({ deep: true });
  });

  it('serves everything without credentials when the default auth policy is disabled', async () => {
    const { url } = await startPlugin(
      (router) =>
        router.use(async (app) => {
          app.get('/entities', async () => []);
        }),
      { defaultAuthPolicy: false },
    );
    expect((await fetch(`${url}/api/catalog/entities`)).status).toBe(200);
  });

  it('refuses a forged bearer token with 401 and never logs it', async () => {
    const forged = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvYWRtaW4ifQ.forged-signature';
    const { url, logger } = await startPlugin((router) =>
      router.use(async (app) => {
        app.get('/entities', async () => []);
      }),
    );
    const response = await fetch(`${url}/api/catalog/entities`, bearer(forged));
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toEqual({
      name: 'AuthenticationError',
      message: 'Invalid token: no token issuer accepted this token (no token issuers are installed)',
    });
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'debug',
        message: 'Rejected the credentials of GET /api/catalog/entities',
      }),
    );
    expect(logger.text()).not.toContain('forged-signature');
    expect(logger.text()).not.toContain(forged.slice(0, 20));
  });

  it('answers 401 to malformed and oversized Authorization headers', async () => {
    const { url } = await startPlugin((router) =>
      router.use(async (app) => {
        app.get('/entities', async () => []);
      }),
    );
    for (const authorization of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer a b',
      `Bearer ${'x'.repeat(9000)}`,
    ]) {
      const response = await fetch(`${url}/api/catalog/entities`, { headers: { authorization } });
      expect(response.status).toBe(401);
    }
  });

  it('answers 403 when a route does not accept the caller’s kind of principal', async () => {
    const { url } = await startPlugin(
      (router, httpAuth) =>
        router.use(async (app) => {
          app.get('/mine', async (request) => {
            await httpAuth.credentials(request, { allow: ['user'] });
            return { ok: true };
          });
        }),
      { tokenHandlers: [knownTokens] },
    );
    expect((await fetch(`${url}/api/catalog/mine`, bearer(USER_TOKEN))).status).toBe(200);
    const service = await fetch(`${url}/api/catalog/mine`, bearer(SERVICE_TOKEN));
    expect(service.status).toBe(403);
    expect(await errorOf(service)).toEqual({
      name: 'NotAllowedError',
      message: 'This endpoint does not accept service credentials (accepted: user)',
    });
  });

  it('checks credentials before revealing whether a path exists', async () => {
    const { url } = await startPlugin(
      (router) =>
        router.use(async (app) => {
          app.get('/entities', async () => []);
        }),
      { tokenHandlers: [knownTokens] },
    );
    expect((await fetch(`${url}/api/catalog/secret-admin-panel`)).status).toBe(401);
    const known = await fetch(`${url}/api/catalog/secret-admin-panel`, bearer(USER_TOKEN));
    expect(known.status).toBe(404);
    expect(await errorOf(known)).toEqual({
      name: 'NotFoundError',
      message: 'No route for GET /api/catalog/secret-admin-panel',
    });
    expect((await fetch(`${url}/api/catalogue`)).status).toBe(404);
  });

  it('passes user-cookie policies on to httpAuth as limited access', async () => {
    const { url, httpAuth } = await startPlugin((router) => {
      router.use(async (app) => {
        app.get('/docs/page', async () => 'page');
      });
      router.addAuthPolicy({ path: '/docs', allow: 'user-cookie' });
    });
    expect((await fetch(`${url}/api/catalog/docs/page`)).status).toBe(401);
    expect((httpAuth as RecordingHttpAuth).calls).toEqual([
      { allow: ['user', 'service'], allowLimitedAccess: true },
    ]);
  });

  it('refuses routes added after the server started', async () => {
    const { router } = await startPlugin((router) =>
      router.use(async (app) => {
        app.get('/a', async () => 'a');
      }),
    );
    expect(() => router.use(async () => {})).toThrow(
      /Plugin 'catalog' added routes after the HTTP server started/,
    );
  });

  it('answers plugin requests during shutdown with 503', async () => {
    const closeBegun = gate();
    const holdClose = gate();
    const routes: FastifyPluginAsync = async (app) => {
      app.get('/entities', async () => []);
      app.addHook('preClose', async () => {
        closeBegun.open();
        await holdClose.promise;
      });
    };
    const { url } = await startPlugin((router) => router.use(routes), { tokenHandlers: [knownTokens] });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const headers = { authorization: `Bearer ${USER_TOKEN}` };
      expect((await httpGet(`${url}/api/catalog/entities`, { agent, headers })).status).toBe(200);
      const stopped = root!.stop();
      await closeBegun.promise;
      const during = await httpGet(`${url}/api/catalog/entities`, { agent, headers }).finally(() =>
        holdClose.open(),
      );
      expect(during.status).toBe(503);
      await stopped;
    } finally {
      agent.destroy();
    }
  });
});

describe('httpRouterServiceFactory', () => {
  it('warns once at startup when backend.auth.dangerouslyDisableDefaultAuthPolicy is set', async () => {
    const logger = new TestLogger();
    const config = new ConfigReader({ backend: { auth: { dangerouslyDisableDefaultAuthPolicy: true } } });
    const context = await httpRouterServiceFactory.createRootContext!({ config, logger });
    expect(context).toEqual({ defaultAuthPolicy: false });
    expect(logger.lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: expect.stringContaining('dangerouslyDisableDefaultAuthPolicy'),
      }),
    ]);
  });

  it('keeps the credentials barrier by default', async () => {
    const logger = new TestLogger();
    const context = await httpRouterServiceFactory.createRootContext!({
      config: new ConfigReader({}),
      logger,
    });
    expect(context).toEqual({ defaultAuthPolicy: true });
    expect(logger.lines).toEqual([]);
  });
});
