import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBackendPlugin } from '@greenroom/backend-plugin-api';
import { startTestBackend, type TestBackend } from '@greenroom/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appConfigSchema, createAppPlugin } from './plugin.js';

const INDEX_HTML =
  '<!doctype html><html><head><title>Web</title></head><body><div id="root"></div></body></html>';

/** A plugin declaring one frontend key and one secret, to check what reaches the browser. */
const examplePlugin = createBackendPlugin({
  pluginId: 'example',
  configSchema: z.object({
    example: z
      .object({
        shown: z.string().optional().meta({ visibility: 'frontend' }),
        token: z.string().optional().meta({ visibility: 'secret' }),
        plain: z.string().optional(),
      })
      .optional(),
  }),
  register(reg) {
    reg.registerInit({ deps: {}, async init() {} });
  },
});

describe('the app plugin', () => {
  let webDir: string;
  let backend: TestBackend | undefined;

  beforeEach(async () => {
    webDir = await mkdtemp(path.join(tmpdir(), 'greenroom-web-'));
    await mkdir(path.join(webDir, 'assets'));
    await writeFile(path.join(webDir, 'index.html'), INDEX_HTML);
    await writeFile(
      path.join(webDir, 'assets', 'index-AbCd1234.js'),
      `console.log(${JSON.stringify('x'.repeat(4000))});`,
    );
    await writeFile(path.join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  });

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
    await rm(webDir, { recursive: true, force: true });
  });

  const start = async (config: Record<string, unknown> = {}) => {
    backend = await startTestBackend({
      features: [
        createAppPlugin({
          webDir,
          configSchemas: () => [
            { source: "plugin 'app'", schema: appConfigSchema },
            { source: "plugin 'example'", schema: examplePlugin.configSchema! },
          ],
        }),
        examplePlugin,
      ],
      config: config as never,
    });
    return backend;
  };

  it('serves hashed assets as immutable for a year, gzipped when the browser accepts it', async () => {
    const server = await start();
    const response = await server.request('/assets/index-AbCd1234.js', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toContain('console.log');
  });

  it('serves index.html uncached with the title and only the frontend config injected', async () => {
    const server = await start({
      app: { title: 'Acme Portal' },
      example: { shown: 'visible', token: 's3cr3t-value', plain: 'backend-only' },
    });
    const response = await server.request('/');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<title>Acme Portal</title>');
    const json = html.match(
      /<script id="greenroom-frontend-config" type="application\/json">(.*?)<\/script>/,
    )?.[1];
    const config = JSON.parse(json ?? 'null');
    expect(config.app.title).toBe('Acme Portal');
    expect(config.example).toEqual({ shown: 'visible' });
    expect(html).not.toContain('s3cr3t-value');
    expect(html).not.toContain('backend-only');
  });

  it('cannot be broken out of by config values that contain a closing script tag', async () => {
    const server = await start({ app: { title: '</script><script>alert(1)</script>' } });
    const html = await (await server.request('/')).text();
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('\\u003c/script\\u003e');
  });

  it('answers every other page path with index.html so the browser router can show it', async () => {
    const server = await start();
    const response = await server.request('/catalog/default/component/checkout/api');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('<div id="root">');
  });

  it('answers unknown API paths and missing assets with 404 instead of the app page', async () => {
    const server = await start();
    const api = await server.request('/api/nothing-here');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { name: string } }).error.name).toBe('NotFoundError');
    expect((await server.request('/assets/index-old12345.js')).status).toBe(404);
  });

  it('serves unhashed files with no-cache', async () => {
    const server = await start();
    const response = await server.request('/favicon.svg');
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves a status page when no web app has been built', async () => {
    await rm(path.join(webDir, 'index.html'));
    const server = await start();
    const html = await (await server.request('/')).text();
    expect(html).toContain('is up');
  });
});
