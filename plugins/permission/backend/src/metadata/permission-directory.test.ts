import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AuthService, DiscoveryService } from '@greenroom/backend-plugin-api';
import { ServiceUnavailableError } from '@greenroom/errors';
import { PERMISSION_METADATA_PATH, type PermissionMetadata } from '@greenroom/plugin-permission-common';
import { TestLogger } from '@greenroom/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermissionDirectory } from './permission-directory.js';
import type { ServiceTokens } from './service-tokens.js';

/** Plugins served by a real local HTTP server at /api/<pluginId>, answering their metadata. */
const served = new Map<string, PermissionMetadata | 'broken'>();
const requests: { url: string; authorization: string | undefined }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
    const match = /^\/api\/([^/]+)(\/.*)$/.exec(request.url ?? '');
    const metadata = match && match[2] === PERMISSION_METADATA_PATH ? served.get(match[1]!) : undefined;
    if (!metadata) return response.writeHead(404).end('{}');
    if (metadata === 'broken') return response.writeHead(500).end('oops');
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metadata));
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  served.clear();
  requests.length = 0;
});

const docs = (names: string[]): PermissionMetadata => ({
  pluginId: 'docs',
  permissions: names.map((name) => ({ type: 'resource', name, attributes: {}, resourceType: 'doc' })),
  resourceTypes: ['doc'],
  rules: [],
});

function directory(now: () => number, extraPluginIds?: string[]) {
  const discovery: DiscoveryService = {
    getBaseUrl: async (pluginId) => `${baseUrl}/api/${pluginId}`,
    getExternalBaseUrl: async (pluginId) => `${baseUrl}/api/${pluginId}`,
  };
  // Token issuing is covered by the plugin tests; here a fixed token per target.
  const tokens = { forPlugin: async (pluginId: string) => `token-for-${pluginId}` } as ServiceTokens;
  return new PermissionDirectory({
    auth: {} as AuthService,
    discovery,
    logger: new TestLogger(),
    tokens,
    now,
    ...(extraPluginIds ? { extraPluginIds } : {}),
  });
}

describe('PermissionDirectory', () => {
  it("finds a permission in the plugin named by its prefix, with that plugin's service token", async () => {
    served.set('docs', docs(['docs.doc.read']));
    const found = await directory(() => 0).lookup('docs.doc.read');
    expect(found).toEqual({ pluginId: 'docs', permission: docs(['docs.doc.read']).permissions[0] });
    expect(requests).toEqual([
      { url: `/api/docs${PERMISSION_METADATA_PATH}`, authorization: 'Bearer token-for-docs' },
    ]);
  });

  it('reuses metadata within its lifetime and asks again after a miss only once the retry delay passed', async () => {
    let time = 0;
    const d = directory(() => time);
    served.set('docs', docs(['docs.doc.read']));
    await d.lookup('docs.doc.read');
    await d.lookup('docs.doc.read');
    expect(requests).toHaveLength(1);

    served.set('docs', docs(['docs.doc.read', 'docs.doc.new']));
    expect(await d.lookup('docs.doc.new')).toBeUndefined();
    expect(requests).toHaveLength(1);
    time = 5_000;
    expect(await d.lookup('docs.doc.new')).toMatchObject({ pluginId: 'docs' });
    expect(requests).toHaveLength(2);

    time = 70_000;
    await d.lookup('docs.doc.read');
    expect(requests).toHaveLength(3);
  });

  it('finds permissions of other plugins listed in extraPluginIds, and resource type owners', async () => {
    served.set('docs', docs(['legacy-doc-read']));
    const d = directory(() => 0, ['docs']);
    expect(await d.lookup('legacy-doc-read')).toMatchObject({ pluginId: 'docs' });
    expect(await d.resourceTypeOwner('doc', 'legacy-doc-read')).toBe('docs');
    expect(await d.resourceTypeOwner('other', 'legacy-doc-read')).toBeUndefined();
  });

  it('treats a plugin that does not answer metadata (404) as declaring nothing, and a failing one as unavailable', async () => {
    expect(await directory(() => 0).lookup('nobody.thing')).toBeUndefined();
    served.set('docs', 'broken');
    await expect(directory(() => 0).lookup('docs.doc.read')).rejects.toThrow(ServiceUnavailableError);
  });
});
