import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReadLocationContext, readLocation } from './read-location.js';
import {
  createTestUrlReader,
  makeTempDir,
  removeTempDir,
  TestFileServer,
  writeFiles,
} from './reading-test-fixtures.js';

const api = (name: string, definition: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: ${name}\nspec:\n  type: openapi\n  definition: ${definition}\n`;

describe('placeholders in file locations', () => {
  let root: string;
  let catalog: string;
  let context: ReadLocationContext;

  beforeEach(async () => {
    root = await makeTempDir({ 'outside/secret.txt': 'secret' });
    catalog = path.join(root, 'catalog');
    await writeFiles(catalog, {
      'apis/orders.yaml': 'openapi: 3.0.3\ninfo: { title: Orders }\n',
      'apis/settings.json': '{"retries": 3, "nested": {"$text": "./orders.yaml"}}',
      'apis/settings.yaml': 'retries: 3\nhosts: [a, b]\n',
    });
    context = {
      urlReader: createTestUrlReader([]),
      allowedFileDirectories: [catalog],
      originLocation: `file:${path.join(catalog, 'all.yaml')}`,
    };
  });

  afterEach(() => removeTempDir(root));

  const read = async (yaml: string, limits?: ReadLocationContext['limits']) => {
    const file = path.join(catalog, 'sub', 'apis.yaml');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, yaml);
    return readLocation({ type: 'file', target: file }, { ...context, limits });
  };

  it('replaces $text, $json and $yaml with the content of files relative to the entity file', async () => {
    const result = await read(
      [
        api('text', '{ $text: ../apis/orders.yaml }'),
        api('json', '{ $json: ../apis/settings.json }'),
        api('yaml', '{ $yaml: ../apis/settings.yaml }'),
      ].join('---\n'),
    );
    expect(result.errors).toEqual([]);
    const definitions = result.entities.map((e) => e.entity.spec?.definition);
    expect(definitions).toEqual([
      'openapi: 3.0.3\ninfo: { title: Orders }\n',
      { retries: 3, nested: { $text: './orders.yaml' } },
      { retries: 3, hosts: ['a', 'b'] },
    ]);
    expect(result.refreshKeys).toEqual([
      `file:${path.join(catalog, 'sub', 'apis.yaml')}`,
      `file:${path.join(catalog, 'apis', 'orders.yaml')}`,
      `file:${path.join(catalog, 'apis', 'settings.json')}`,
      `file:${path.join(catalog, 'apis', 'settings.yaml')}`,
    ]);
  });

  it('fails only the entity with a $-key beside other keys, naming its line', async () => {
    const result = await read(
      `${api('bad', '{ $text: ../apis/orders.yaml, extra: 1 }')}---\n${api('good', 'inline')}`,
    );
    expect(result.entities.map((e) => e.entity.metadata.name)).toEqual(['good']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ entityRef: 'api:default/bad', line: 7 });
    expect(result.errors[0]?.message).toMatch(/must be the only key/);
  });

  it('leaves a lone $-key of another name alone', async () => {
    const result = await read(api('schema', '{ $ref: "#/components/x" }'));
    expect(result.entities[0]?.entity.spec?.definition).toEqual({ $ref: '#/components/x' });
  });

  it.each([
    [
      'a missing file',
      '{ $text: ../apis/missing.yaml }',
      /could not read '..\/apis\/missing.yaml'.*does not exist/,
    ],
    ['a reference that is not a string', '{ $text: [a] }', /must be a path or URL string/],
    ['invalid JSON', '{ $json: ../apis/orders.yaml }', /not valid JSON/],
    [
      'a path out of the allowed directories',
      '{ $text: ../../outside/secret.txt }',
      /catalog\.allowedFileDirectories/,
    ],
    [
      'an absolute path out of the allowed directories',
      '{ $text: /etc/hostname }',
      /catalog\.allowedFileDirectories/,
    ],
    ['a file: URL', '{ $text: "file:///etc/hostname" }', /neither a path nor an http\(s\) URL/],
  ])('fails the entity for %s and keeps the others', async (_, definition, message) => {
    const result = await read(`${api('bad', definition)}---\n${api('good', 'inline')}`);
    expect(result.entities.map((e) => e.entity.metadata.name)).toEqual(['good']);
    expect(result.errors[0]?.message).toMatch(message);
    expect(result.errors[0]?.entityRef).toBe('api:default/bad');
  });

  it('refuses a placeholder file that is a symlink out of the allowed directories', async () => {
    await symlink(path.join(root, 'outside', 'secret.txt'), path.join(catalog, 'apis', 'link.txt'));
    const result = await read(api('linked', '{ $text: ../apis/link.txt }'));
    expect(result.entities).toEqual([]);
    expect(result.errors[0]?.message).toMatch(/resolves to/);
  });

  it('refuses placeholder files over the size limit, and $yaml alias bombs and nesting', async () => {
    await writeFiles(catalog, {
      'apis/bomb.yaml':
        'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
      'apis/deep.json': `${'['.repeat(100)}${']'.repeat(100)}`,
      'apis/two.yaml': 'a: 1\n---\nb: 2\n',
    });
    const big = await read(api('big', '{ $text: ../apis/orders.yaml }'), { maxPlaceholderBytes: 10 });
    expect(big.errors[0]?.message).toMatch(/more than the limit of 10 bytes/);
    const bomb = await read(api('bomb', '{ $yaml: ../apis/bomb.yaml }'));
    expect(bomb.errors[0]?.message).toMatch(/more than 100 YAML aliases/);
    const deep = await read(api('deep', '{ $json: ../apis/deep.json }'));
    expect(deep.errors[0]?.message).toMatch(/nested more than 64 levels/);
    const two = await read(api('two', '{ $yaml: ../apis/two.yaml }'));
    expect(two.errors[0]?.message).toMatch(/holds 2 YAML documents/);
  });

  it('reads the location again when only a placeholder file changed', async () => {
    const first = await read(api('text', '{ $text: ../apis/orders.yaml }'));
    const location = { type: 'file' as const, target: path.join(catalog, 'sub', 'apis.yaml') };
    const same = await readLocation(location, { ...context, previousFingerprint: first.fingerprint });
    expect(same.unchanged).toBe(true);
    await writeFile(path.join(catalog, 'apis', 'orders.yaml'), 'openapi: 3.1.0\n');
    const changed = await readLocation(location, { ...context, previousFingerprint: first.fingerprint });
    expect(changed.unchanged).toBe(false);
    expect(changed.entities[0]?.entity.spec?.definition).toBe('openapi: 3.1.0\n');
  });
});

describe('placeholders in URL locations', () => {
  let server: TestFileServer;
  let context: ReadLocationContext;

  beforeEach(async () => {
    server = await TestFileServer.start({
      '/catalog/apis/orders.yaml': { body: 'openapi: 3.0.3\n' },
      '/catalog/shared/limits.json': { body: '{"rps": 10}' },
      '/secret.txt': { body: 'secret' },
    });
    context = {
      urlReader: createTestUrlReader([{ host: server.host, paths: ['/catalog/'] }]),
      allowedFileDirectories: [],
      originLocation: 'url:https://example.com/root.yaml',
    };
  });

  afterEach(() => server.stop());

  const read = (yaml: string) => {
    server.files.set('/catalog/apis.yaml', { body: yaml });
    return readLocation({ type: 'url', target: server.url('/catalog/apis.yaml') }, context);
  };

  it('resolves relative references against the file URL, reading each URL once', async () => {
    const result = await read(
      [
        api('a', '{ $text: ./apis/orders.yaml }'),
        api('b', '{ $text: apis/orders.yaml }'),
        api('c', '{ $json: shared/limits.json }'),
      ].join('---\n'),
    );
    expect(result.errors).toEqual([]);
    expect(result.entities.map((e) => e.entity.spec?.definition)).toEqual([
      'openapi: 3.0.3\n',
      'openapi: 3.0.3\n',
      { rps: 10 },
    ]);
    expect(server.requests.get('/catalog/apis/orders.yaml')).toBe(1);
    expect(result.refreshKeys).toContain(`url:${server.url('/catalog/apis/orders.yaml')}`);
  });

  it.each([
    ['a parent path out of the allowed URL paths', '{ $text: ../secret.txt }', /backend\.reading\.allow/],
    ['an absolute path on the same host', '{ $text: /secret.txt }', /backend\.reading\.allow/],
    ['a file: URL', '{ $text: "file:///etc/passwd" }', /not an http\(s\) URL/],
    ['another host', '{ $text: "http://127.0.0.1:1/x" }', /backend\.reading\.allow/],
  ])('refuses %s', async (_, definition, message) => {
    const result = await read(api('escape', definition));
    expect(result.entities).toEqual([]);
    expect(result.errors[0]?.message).toMatch(message);
    expect(server.requests.get('/secret.txt')).toBeUndefined();
  });

  it('reads the file again when its ETag matches but a placeholder file changed', async () => {
    const first = await read(api('a', '{ $text: ./apis/orders.yaml }'));
    const location = { type: 'url' as const, target: server.url('/catalog/apis.yaml') };
    const same = await readLocation(location, { ...context, previousFingerprint: first.fingerprint });
    expect(same.unchanged).toBe(true);
    server.files.set('/catalog/apis/orders.yaml', { body: 'openapi: 3.1.0\n' });
    const changed = await readLocation(location, { ...context, previousFingerprint: first.fingerprint });
    expect(changed.entities[0]?.entity.spec?.definition).toBe('openapi: 3.1.0\n');
  });
});
