// The TypeScript half of bench/auth-tokens.mjs, bundled by it with esbuild: starts a real
// backend (in-memory SQLite, 127.0.0.1) with a stand-in auth plugin (real ES256 user
// tokens, JWKS over HTTP) and two plugins, then measures token verification and the
// credentials barrier.
import type { AuthService } from '@greenroom/backend-plugin-api';
import { coreServices, createBackendPlugin } from '@greenroom/backend-plugin-api';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startTestBackend } from '../packages/test-utils/src/backend/startTestBackend.js';

const STATIC_TOKEN = 'bench-static-token-0123456789';

/** One measured loop: operations per second and microseconds per operation. */
export interface LoopResult {
  name: string;
  ops: number;
  opsPerSecond: number;
  microsPerOp: number;
}

async function loop(name: string, durationMs: number, warmupMs: number, op: () => Promise<unknown>) {
  const until = (ms: number) => performance.now() + ms;
  for (const end = until(warmupMs); performance.now() < end; ) await op();
  let ops = 0;
  const start = performance.now();
  for (const end = start + durationMs; performance.now() < end; ops++) await op();
  const elapsed = performance.now() - start;
  return { name, ops, opsPerSecond: (ops / elapsed) * 1000, microsPerOp: (elapsed * 1000) / ops };
}

/** Closed-loop HTTP: `concurrency` workers sending `GET url` for `durationMs`. */
async function http(
  name: string,
  durationMs: number,
  warmupMs: number,
  concurrency: number,
  url: string,
  token?: string,
) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const run = async (ms: number) => {
    let ops = 0;
    const end = performance.now() + ms;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          const res = await fetch(url, { headers });
          if (res.status !== 200) throw new Error(`${name}: GET ${url} answered ${res.status}`);
          await res.arrayBuffer();
          ops++;
        }
      }),
    );
    return ops;
  };
  await run(warmupMs);
  const start = performance.now();
  const ops = await run(durationMs);
  const elapsed = performance.now() - start;
  return { name, ops, opsPerSecond: (ops / elapsed) * 1000, microsPerOp: (elapsed * 1000) / ops };
}

/** Starts the backend, runs every scenario, stops the backend. */
export async function runAuthBench(options: { durationMs: number; warmupMs: number; concurrency: number }) {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES256' };
  const services: Record<string, AuthService> = {};
  const plugin = (pluginId: string) =>
    createBackendPlugin({
      pluginId,
      register(reg) {
        reg.registerInit({
          deps: { http: coreServices.httpRouter, auth: coreServices.auth },
          async init({ http, auth }) {
            services[pluginId] = auth;
            http.addAuthPolicy({ path: '/public', allow: 'unauthenticated' });
            http.use(async (app) => {
              app.get('/ping', async () => ({ ok: true }));
              app.get('/public/ping', async () => ({ ok: true }));
              if (pluginId === 'auth') app.get('/.well-known/jwks.json', async () => ({ keys: [jwk] }));
            });
            if (pluginId === 'auth') http.addAuthPolicy({ path: '/.well-known', allow: 'unauthenticated' });
          },
        });
      },
    });
  const backend = await startTestBackend({
    features: [plugin('auth'), plugin('alpha'), plugin('beta')],
    config: {
      backend: {
        logger: { level: 'error' },
        auth: { externalAccess: [{ type: 'static', options: { token: STATIC_TOKEN, subject: 'bench' } }] },
      },
    },
  });
  try {
    const alpha = services.alpha!;
    const beta = services.beta!;
    const signUserToken = (jti: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'bench', typ: 'vnd.backstage.user' })
        .setIssuer('http://localhost:7007/api/auth')
        .setAudience('backstage')
        .setSubject('user:default/bench')
        .setJti(jti)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(privateKey);
    const userToken = await signUserToken('bench');
    // More distinct tokens than the verified-token cache holds (1000), used in turn:
    // every verification is a miss and checks the signature.
    const POOL = 3000;
    const freshUserTokens = await Promise.all(Array.from({ length: POOL }, (_, i) => signUserToken(`u${i}`)));
    const own = await alpha.getOwnServiceCredentials();
    const freshPluginTokens = await Promise.all(
      Array.from(
        { length: POOL },
        async () => (await alpha.getPluginRequestToken({ onBehalfOf: own, targetPluginId: 'beta' })).token,
      ),
    );
    let nextUser = 0;
    let nextPlugin = 0;
    const { token: pluginToken } = await alpha.getPluginRequestToken({
      onBehalfOf: await alpha.getOwnServiceCredentials(),
      targetPluginId: 'beta',
    });
    const oboToken = (
      await alpha.getPluginRequestToken({
        onBehalfOf: await beta.authenticate(userToken),
        targetPluginId: 'beta',
      })
    ).token;
    const { durationMs, warmupMs, concurrency } = options;
    const verify: LoopResult[] = [
      await loop('authenticate: user token, first time', durationMs, warmupMs, () =>
        beta.authenticate(freshUserTokens[nextUser++ % POOL]!),
      ),
      await loop('authenticate: plugin token, first time', durationMs, warmupMs, () =>
        beta.authenticate(freshPluginTokens[nextPlugin++ % POOL]!),
      ),
      await loop('authenticate: user token, repeated', durationMs, warmupMs, () =>
        beta.authenticate(userToken),
      ),
      await loop('authenticate: plugin token, repeated', durationMs, warmupMs, () =>
        beta.authenticate(pluginToken),
      ),
      await loop('authenticate: obo plugin token, repeated', durationMs, warmupMs, () =>
        beta.authenticate(oboToken),
      ),
      await loop('authenticate: static external token', durationMs, warmupMs, () =>
        beta.authenticate(STATIC_TOKEN),
      ),
      await loop('getPluginRequestToken (service)', durationMs, warmupMs, async () =>
        alpha.getPluginRequestToken({
          onBehalfOf: await alpha.getOwnServiceCredentials(),
          targetPluginId: 'beta',
        }),
      ),
    ];
    const base = `${backend.url}/api/beta`;
    const barrier: LoopResult[] = [
      await http(
        'GET /public/ping, no token (no barrier)',
        durationMs,
        warmupMs,
        concurrency,
        `${base}/public/ping`,
      ),
      await http('GET /ping, static token', durationMs, warmupMs, concurrency, `${base}/ping`, STATIC_TOKEN),
      await http('GET /ping, plugin token', durationMs, warmupMs, concurrency, `${base}/ping`, pluginToken),
      await http('GET /ping, user token', durationMs, warmupMs, concurrency, `${base}/ping`, userToken),
    ];
    return { verify, barrier };
  } finally {
    await backend.stop();
  }
}
