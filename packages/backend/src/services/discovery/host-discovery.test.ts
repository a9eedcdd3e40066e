import { ConfigReader } from '@greenroom/config';
import { afterEach, describe, expect, it } from 'vitest';
import { DefaultRootHttpRouter, readRootHttpRouterSettings } from '../http/index.js';
import { TestLogger } from '../http/testing/index.js';
import { discoveryConfigSchema } from './discovery-config.js';
import { discoveryServiceFactory } from './discovery-service-factory.js';
import { HostDiscovery } from './host-discovery.js';

describe('HostDiscovery', () => {
  const discovery = (endpoints: unknown = []) =>
    new HostDiscovery({
      internalBaseUrl: () => 'http://localhost:7007',
      externalBaseUrl: 'https://portal.example.com',
      endpoints: discoveryConfigSchema.parse({ endpoints }).endpoints,
    });

  it('points at this backend by default', async () => {
    expect(await discovery().getBaseUrl('catalog')).toBe('http://localhost:7007/api/catalog');
    expect(await discovery().getExternalBaseUrl('catalog')).toBe('https://portal.example.com/api/catalog');
  });

  it('uses a discovery.endpoints target for both sides, filling in {{pluginId}}', async () => {
    const d = discovery([
      { target: 'http://shared.internal:8080/api/{{ pluginId }}/', plugins: ['catalog', 'search'] },
    ]);
    expect(await d.getBaseUrl('search')).toBe('http://shared.internal:8080/api/search');
    expect(await d.getExternalBaseUrl('catalog')).toBe('http://shared.internal:8080/api/catalog');
    expect(await d.getBaseUrl('scaffolder')).toBe('http://localhost:7007/api/scaffolder');
  });

  it('splits internal and external targets, keeping the default for a side left out', async () => {
    const d = discovery([
      {
        target: {
          internal: 'http://catalog.svc.cluster.local/api/catalog',
          external: 'https://catalog.example.com',
        },
        plugins: ['catalog'],
      },
      { target: { internal: 'http://search.svc:7007/api/{{pluginId}}' }, plugins: ['search'] },
    ]);
    expect(await d.getBaseUrl('catalog')).toBe('http://catalog.svc.cluster.local/api/catalog');
    expect(await d.getExternalBaseUrl('catalog')).toBe('https://catalog.example.com');
    expect(await d.getBaseUrl('search')).toBe('http://search.svc:7007/api/search');
    expect(await d.getExternalBaseUrl('search')).toBe('https://portal.example.com/api/search');
  });

  it('refuses plugin ids that are not plugin ids', async () => {
    await expect(discovery().getBaseUrl('../admin')).rejects.toThrow(/Invalid plugin id '\.\.\/admin'/);
  });
});

describe('discoveryConfigSchema', () => {
  it('defaults to no endpoints', () => {
    expect(discoveryConfigSchema.parse(undefined)).toEqual({ endpoints: [] });
  });

  it.each([
    [{ target: 'not a url', plugins: ['catalog'] }, /http\(s\) URL/],
    [{ target: 'ftp://files/{{pluginId}}', plugins: ['catalog'] }, /http\(s\) URL/],
    [{ target: {}, plugins: ['catalog'] }, /Set internal, external or both/],
    [{ target: 'http://x', plugins: [] }, /too_small|at least|>=1/i],
    [{ target: 'http://x', plugins: ['Not_A_Plugin'] }, /plugin ids/],
  ])('refuses the endpoint %j', (endpoint, message) => {
    const result = discoveryConfigSchema.safeParse({ endpoints: [endpoint] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});

describe('discoveryServiceFactory', () => {
  let router: DefaultRootHttpRouter | undefined;
  afterEach(async () => {
    await router?.stop();
    router = undefined;
  });

  it('uses the listen address and backend.baseUrl', async () => {
    const config = new ConfigReader({
      backend: { listen: '0.0.0.0:7100', baseUrl: 'https://portal.example.com/' },
    });
    router = new DefaultRootHttpRouter({
      settings: readRootHttpRouterSettings(config),
      logger: new TestLogger(),
    });
    const discovery = await discoveryServiceFactory.factory({ config, rootHttpRouter: router }, undefined);
    expect(await discovery.getBaseUrl('catalog')).toBe('http://localhost:7100/api/catalog');
    expect(await discovery.getExternalBaseUrl('catalog')).toBe('https://portal.example.com/api/catalog');
  });

  it('defaults backend.baseUrl to http://localhost:7007', async () => {
    const config = new ConfigReader({});
    router = new DefaultRootHttpRouter({
      settings: readRootHttpRouterSettings(config),
      logger: new TestLogger(),
    });
    const discovery = await discoveryServiceFactory.factory({ config, rootHttpRouter: router }, undefined);
    expect(await discovery.getExternalBaseUrl('catalog')).toBe('http://localhost:7007/api/catalog');
  });

  it('learns the real port when backend.listen.port is 0, once the server listens', async () => {
    const config = new ConfigReader({ backend: { listen: { host: '127.0.0.1', port: 0 } } });
    router = new DefaultRootHttpRouter({
      settings: readRootHttpRouterSettings(config),
      logger: new TestLogger(),
    });
    const discovery = await discoveryServiceFactory.factory({ config, rootHttpRouter: router }, undefined);
    await expect(discovery.getBaseUrl('catalog')).rejects.toThrow(/backend\.listen\.port is 0/);

    await router.listen();
    const port = router.getListenAddress()!.port;
    expect(await discovery.getBaseUrl('catalog')).toBe(`http://127.0.0.1:${port}/api/catalog`);
  });
});
