import { createServer, type Server } from 'node:http';
import type { AuthService, DiscoveryService } from '@greenroom/backend-plugin-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentials } from '../auth/credentials.js';
import { DefaultUserInfoService } from './default-user-info-service.js';

// A real HTTP server on 127.0.0.1 stands in for the auth plugin's /v1/userinfo.
let server: Server;
let baseUrl = '';
const seen: (string | undefined)[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };
beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.headers.authorization);
    response.writeHead(request.url === '/api/auth/v1/userinfo' ? answer.status : 404, {
      'content-type': 'application/json',
    });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function setup(authPath = '/api/auth') {
  const auth = {
    getPluginRequestToken: async ({ targetPluginId }: { targetPluginId: string }) => ({
      token: `obo-for-${targetPluginId}`,
    }),
  } as unknown as AuthService;
  const discovery: DiscoveryService = {
    getBaseUrl: async (pluginId) => `${baseUrl}${authPath.replace('auth', pluginId)}`,
    getExternalBaseUrl: async (pluginId) => `${baseUrl}/api/${pluginId}`,
  };
  return new DefaultUserInfoService({ auth, discovery });
}

const jane = createCredentials(
  { type: 'user', userEntityRef: 'user:default/jane' },
  { token: { token: 'jane-token', kind: 'user' } },
);

describe('DefaultUserInfoService', () => {
  it('asks the auth plugin with an on-behalf-of token and reuses the answer briefly', async () => {
    answer = {
      status: 200,
      body: { userEntityRef: 'user:default/jane', ownershipEntityRefs: ['group:default/a'] },
    };
    const userInfo = setup();
    seen.length = 0;
    expect(await userInfo.getUserInfo(jane)).toEqual(answer.body);
    expect(await userInfo.getUserInfo(jane)).toEqual(answer.body);
    expect(seen).toEqual(['Bearer obo-for-auth']);
  });

  it('says to install the auth plugin when it is not there', async () => {
    await expect(setup('/api/no-auth-here').getUserInfo(jane)).rejects.toThrow(
      /did not answer GET .*\/v1\/userinfo \(404\): install the auth plugin/,
    );
  });

  it('refuses an unexpected answer and non-user credentials', async () => {
    answer = { status: 200, body: { userEntityRef: 42 } };
    await expect(setup().getUserInfo(jane)).rejects.toThrow(/unexpected body/);
    const service = createCredentials({ type: 'service', subject: 'plugin:x' });
    await expect(setup().getUserInfo(service as never)).rejects.toThrow(/needs user credentials/);
  });
});
