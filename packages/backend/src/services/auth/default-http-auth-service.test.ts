import type { FastifyRequest } from '@greenroom/backend-plugin-api';
import { AuthenticationError, NotAllowedError } from '@greenroom/errors';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestLogger } from '../http/testing/index.js';
import { createCredentials } from './credentials.js';
import { DefaultAuthService } from './default-auth-service.js';
import { DefaultHttpAuthService } from './default-http-auth-service.js';
import type { TokenHandler } from './token-handler.js';

// A real server on 127.0.0.1: the service reads real FastifyRequest objects.
const server = Fastify();
let verifications = 0;
const tokens: TokenHandler = {
  async verify(token) {
    verifications++;
    if (token === 'jane') return createCredentials({ type: 'user', userEntityRef: 'user:default/jane' });
    if (token === 'ci') return createCredentials({ type: 'service', subject: 'external:ci' });
    return undefined;
  },
};
const httpAuth = new DefaultHttpAuthService({
  auth: new DefaultAuthService({ tokenHandlers: [tokens], logger: new TestLogger() }),
  logger: new TestLogger(),
});
let check: (request: FastifyRequest) => Promise<unknown> = async () => undefined;
server.get('/', async (request) => check(request));
server.setErrorHandler((error, _request, reply) =>
  reply.code(200).send({ thrown: (error as Error).name, message: (error as Error).message }),
);
let url = '';
beforeAll(async () => {
  url = await server.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => server.close());

async function run(authorization: string | undefined, fn: typeof check) {
  check = fn;
  const response = await fetch(url, { headers: authorization ? { authorization } : {} });
  return response.json();
}

describe('DefaultHttpAuthService', () => {
  it('gives none credentials to a request without an Authorization header', async () => {
    expect(await run(undefined, async (request) => (await httpAuth.credentials(request)).principal)).toEqual({
      type: 'none',
    });
  });

  it('verifies the bearer token of a request', async () => {
    expect(
      await run('Bearer jane', async (request) => (await httpAuth.credentials(request)).principal),
    ).toEqual({
      type: 'user',
      userEntityRef: 'user:default/jane',
    });
  });

  it('refuses none credentials that allow does not list with AuthenticationError', async () => {
    expect(await run(undefined, (request) => httpAuth.credentials(request, { allow: ['user'] }))).toEqual({
      thrown: AuthenticationError.name,
      message: "Missing credentials: send 'Authorization: Bearer <token>' (accepted: user)",
    });
  });

  it('refuses other principals that allow does not list with NotAllowedError', async () => {
    expect(await run('Bearer ci', (request) => httpAuth.credentials(request, { allow: ['user'] }))).toEqual({
      thrown: NotAllowedError.name,
      message: 'This endpoint does not accept service credentials (accepted: user)',
    });
  });

  it('refuses unknown tokens even on routes that accept none credentials', async () => {
    expect(
      await run('Bearer forged', (request) => httpAuth.credentials(request, { allow: ['none', 'user'] })),
    ).toEqual({
      thrown: AuthenticationError.name,
      message: 'Invalid token: no token issuer accepted this token',
    });
  });

  it('verifies a request’s token once however often it is asked', async () => {
    const before = verifications;
    await run('Bearer jane', async (request) => {
      await httpAuth.credentials(request, { allow: ['user', 'service'] });
      await httpAuth.credentials(request, { allow: ['user'] });
      return null;
    });
    expect(verifications - before).toBe(1);
  });
});
