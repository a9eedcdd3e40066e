import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReadLocationContext, readLocation } from './read-location.js';
import {
  createTestUrlReader,
  entityYaml,
  SearchingTestReader,
  TestFileServer,
} from './reading-test-fixtures.js';

let server: TestFileServer;
let context: ReadLocationContext;

beforeEach(async () => {
  server = await TestFileServer.start({
    '/repo/catalog-info.yaml': {
      body: `${entityYaml('Component', 'shop')}---\n${entityYaml('API', 'shop-api')}`,
    },
    '/repo/no-etag.yaml': { body: entityYaml('Component', 'plain'), etag: false },
  });
  context = {
    urlReader: createTestUrlReader([{ host: server.host }]),
    allowedFileDirectories: [],
    originLocation: `url:${server.url('/repo/catalog-info.yaml')}`,
  };
});

afterEach(() => server.stop());

describe('readLocation of a URL', () => {
  it('reads every document, with managed-by and source-location annotations', async () => {
    const target = server.url('/repo/catalog-info.yaml');
    const result = await readLocation({ type: 'url', target }, context);
    expect(result.errors).toEqual([]);
    expect(result.entities.map((e) => e.entity.metadata.name)).toEqual(['shop', 'shop-api']);
    expect(result.entities[0]?.target).toBe(target);
    expect(result.entities[0]?.entity.metadata.annotations).toEqual({
      'backstage.io/source-location': `url:${server.url('/repo/')}`,
      'backstage.io/managed-by-location': `url:${target}`,
      'backstage.io/managed-by-origin-location': context.originLocation,
    });
    expect(result.refreshKeys).toEqual([`url:${target}`]);
  });

  it('keeps a source-location the entity sets itself', async () => {
    server.files.set('/repo/own.yaml', {
      body: 'kind: Component\nmetadata:\n  name: own\n  annotations:\n    backstage.io/source-location: url:https://git.example.com/shop/\n',
    });
    const result = await readLocation({ type: 'url', target: server.url('/repo/own.yaml') }, context);
    expect(result.entities[0]?.entity.metadata.annotations?.['backstage.io/source-location']).toBe(
      'url:https://git.example.com/shop/',
    );
  });

  it('sends the ETag it saw and answers unchanged on 304, with the same fingerprint', async () => {
    const location = { type: 'url' as const, target: server.url('/repo/catalog-info.yaml') };
    const first = await readLocation(location, context);
    const second = await readLocation(location, { ...context, previousFingerprint: first.fingerprint });
    expect(second).toMatchObject({ unchanged: true, entities: [], fingerprint: first.fingerprint });
    expect(server.requests.get('/repo/catalog-info.yaml')).toBe(2);
    server.files.set('/repo/catalog-info.yaml', { body: entityYaml('Component', 'renamed') });
    const third = await readLocation(location, { ...context, previousFingerprint: first.fingerprint });
    expect(third.unchanged).toBe(false);
    expect(third.entities.map((e) => e.entity.metadata.name)).toEqual(['renamed']);
  });

  it('compares content hashes when the server sends no ETag', async () => {
    const location = { type: 'url' as const, target: server.url('/repo/no-etag.yaml') };
    const first = await readLocation(location, context);
    const second = await readLocation(location, { ...context, previousFingerprint: first.fingerprint });
    expect(second.unchanged).toBe(true);
    server.files.set('/repo/no-etag.yaml', { body: entityYaml('Component', 'changed'), etag: false });
    const third = await readLocation(location, { ...context, previousFingerprint: first.fingerprint });
    expect(third.entities.map((e) => e.entity.metadata.name)).toEqual(['changed']);
  });

  it('asks If-Modified-Since when the server sends a settled Last-Modified and no ETag', async () => {
    const hourAgo = new Date(Date.now() - 3_600_000);
    server.files.set('/repo/dated.yaml', {
      body: entityYaml('Component', 'dated'),
      etag: false,
      lastModified: hourAgo,
    });
    const location = { type: 'url' as const, target: server.url('/repo/dated.yaml') };
    const first = await readLocation(location, context);
    expect(first.entities.map((e) => e.entity.metadata.name)).toEqual(['dated']);
    expect(server.ifModifiedSince.get('/repo/dated.yaml')).toBeUndefined();

    const second = await readLocation(location, { ...context, previousFingerprint: first.fingerprint });
    expect(second).toMatchObject({ unchanged: true, entities: [], fingerprint: first.fingerprint });
    expect(server.ifModifiedSince.get('/repo/dated.yaml')).toBe(hourAgo.toUTCString());
    expect(server.notModified.get('/repo/dated.yaml')).toBe(1);

    server.files.set('/repo/dated.yaml', {
      body: entityYaml('Component', 'edited'),
      etag: false,
      lastModified: new Date(hourAgo.getTime() + 60_000),
    });
    const third = await readLocation(location, { ...context, previousFingerprint: first.fingerprint });
    expect(third.unchanged).toBe(false);
    expect(third.entities.map((e) => e.entity.metadata.name)).toEqual(['edited']);
    expect(server.notModified.get('/repo/dated.yaml')).toBe(1);
  });

  it('hashes the content instead when Last-Modified is within the last minute', async () => {
    // One-second resolution: a second change within the second just read would keep the date.
    server.files.set('/repo/fresh.yaml', {
      body: entityYaml('Component', 'fresh'),
      etag: false,
      lastModified: new Date(),
    });
    const location = { type: 'url' as const, target: server.url('/repo/fresh.yaml') };
    const first = await readLocation(location, context);
    const second = await readLocation(location, { ...context, previousFingerprint: first.fingerprint });
    expect(server.ifModifiedSince.get('/repo/fresh.yaml')).toBeUndefined();
    expect(second.unchanged).toBe(true);
    server.files.set('/repo/fresh.yaml', {
      body: entityYaml('Component', 'refreshed'),
      etag: false,
      lastModified: new Date(),
    });
    const third = await readLocation(location, { ...context, previousFingerprint: second.fingerprint });
    expect(third.entities.map((e) => e.entity.metadata.name)).toEqual(['refreshed']);
    expect(server.notModified.get('/repo/fresh.yaml')).toBeUndefined();
  });

  it('yields nothing for a missing optional URL and an error for a missing required one', async () => {
    const target = server.url('/repo/missing.yaml');
    const optional = await readLocation({ type: 'url', target, presence: 'optional' }, context);
    expect(optional).toMatchObject({ entities: [], errors: [], unchanged: false });
    const required = await readLocation({ type: 'url', target }, context);
    expect(required.incomplete).toBe(true);
    expect(required.errors[0]?.message).toMatch(/404/);
  });

  it('reports a host that backend.reading.allow does not list', async () => {
    const result = await readLocation(
      { type: 'url', target: 'http://127.0.0.1:1/catalog-info.yaml' },
      { ...context, urlReader: createTestUrlReader([]) },
    );
    expect(result.entities).toEqual([]);
    expect(result.incomplete).toBe(true);
    expect(result.errors[0]?.message).toContain('backend.reading.allow');
  });

  it('reports that plain HTTP cannot expand a glob', async () => {
    const result = await readLocation(
      { type: 'url', target: server.url('/repo/**/catalog-info.yaml') },
      context,
    );
    expect(result.errors[0]?.message).toMatch(/cannot expand glob patterns/);
  });

  it('reads every file a URL search finds and answers unchanged when the search ETag still matches', async () => {
    server.files.set('/repo/a/catalog-info.yaml', { body: entityYaml('Component', 'a') });
    server.files.set('/repo/b/catalog-info.yaml', { body: entityYaml('Component', 'b') });
    const searching = new SearchingTestReader(server);
    const searchContext = { ...context, urlReader: createTestUrlReader([], [searching]) };
    const location = { type: 'url' as const, target: server.url('/repo/*/catalog-info.yaml') };
    const first = await readLocation(location, searchContext);
    expect(first.errors).toEqual([]);
    expect(first.entities.map((e) => e.entity.metadata.name)).toEqual(['a', 'b']);
    expect(first.refreshKeys).toEqual([
      `url:${location.target}`,
      `url:${server.url('/repo/a/catalog-info.yaml')}`,
      `url:${server.url('/repo/b/catalog-info.yaml')}`,
    ]);
    const second = await readLocation(location, { ...searchContext, previousFingerprint: first.fingerprint });
    expect(second).toMatchObject({ unchanged: true, refreshKeys: first.refreshKeys });
    server.files.set('/repo/c/catalog-info.yaml', { body: entityYaml('Component', 'c') });
    const third = await readLocation(location, { ...searchContext, previousFingerprint: first.fingerprint });
    expect(third.entities.map((e) => e.entity.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(searching.searches).toBe(3);
  });

  it('reports a location target that is not a URL', async () => {
    const result = await readLocation({ type: 'url', target: 'catalog-info.yaml' }, context);
    expect(result.errors[0]?.message).toMatch(/not an absolute URL/);
  });
});
