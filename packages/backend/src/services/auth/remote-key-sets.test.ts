import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteKeySets } from './remote-key-sets.js';

// A real JWKS endpoint on 127.0.0.1 whose keys the test changes.
let server: Server;
let url = '';
let published: JWK[] = [];
let fetches = 0;
beforeAll(async () => {
  server = createServer((_request, response) => {
    fetches++;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const sign = () =>
    new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid }).setExpirationTime('1m').sign(privateKey);
  return { jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' }, sign };
}

describe('RemoteKeySets', () => {
  it('fetches a set once, and again for a key made just after the last fetch', async () => {
    const first = await keyPair('first');
    const second = await keyPair('second');
    published = [first.jwk];
    fetches = 0;
    const keySets = new RemoteKeySets({ cooldownMs: 200 });
    await jwtVerify(await first.sign(), keySets.forUrl(url));
    await jwtVerify(await first.sign(), keySets.forUrl(url));
    expect(fetches).toBe(1);
    // Another instance publishes a new key right after our fetch: still cooling down.
    published = [first.jwk, second.jwk];
    await expect(jwtVerify(await second.sign(), keySets.forUrl(url))).resolves.toBeDefined();
    expect(fetches).toBe(2);
  });

  it('refuses a kid the issuer does not publish, fetching at most once more', async () => {
    const known = await keyPair('known');
    const forged = await keyPair('forged');
    published = [known.jwk];
    fetches = 0;
    const keySets = new RemoteKeySets({ cooldownMs: 50 });
    await jwtVerify(await known.sign(), keySets.forUrl(url));
    await expect(jwtVerify(await forged.sign(), keySets.forUrl(url))).rejects.toThrow(
      /no applicable key found/,
    );
    expect(fetches).toBe(2);
  });
});
