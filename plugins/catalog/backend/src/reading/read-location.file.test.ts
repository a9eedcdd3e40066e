import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FILE_DIRECTORIES_CONFIG_KEY } from './allowed-directories.js';
import { type ReadLocationContext, readLocation } from './read-location.js';
import {
  createTestUrlReader,
  entityYaml,
  makeTempDir,
  removeTempDir,
  writeFiles,
} from './reading-test-fixtures.js';

let root: string;
let catalog: string;
let context: ReadLocationContext;

beforeEach(async () => {
  root = await makeTempDir({ 'outside/secret.yaml': entityYaml('Component', 'secret') });
  catalog = path.join(root, 'catalog');
  await mkdir(catalog);
  context = {
    urlReader: createTestUrlReader([]),
    allowedFileDirectories: [catalog],
    originLocation: `file:${path.join(catalog, 'all.yaml')}`,
  };
});

afterEach(() => removeTempDir(root));

const names = (result: Awaited<ReturnType<typeof readLocation>>) =>
  result.entities.map((e) => e.entity.metadata.name);

describe('readLocation of a file', () => {
  it('reads every document of a file, with positions and the location annotations', async () => {
    const file = path.join(catalog, 'catalog-info.yaml');
    await writeFile(file, `${entityYaml('Component', 'a')}---\n${entityYaml('API', 'b')}`);
    const result = await readLocation({ type: 'file', target: file }, context);
    expect(result.errors).toEqual([]);
    expect(names(result)).toEqual(['a', 'b']);
    expect(result.entities[1]?.position).toEqual({ line: 7, column: 1 });
    expect(result.entities[0]?.target).toBe(file);
    expect(result.entities[0]?.entity.metadata.annotations).toEqual({
      'backstage.io/managed-by-location': `file:${file}`,
      'backstage.io/managed-by-origin-location': context.originLocation,
    });
    expect(result.refreshKeys).toEqual([`file:${file}`]);
    expect(result.unchanged).toBe(false);
    expect(result.incomplete).toBe(false);
  });

  it('overwrites location annotations an entity sets itself and keeps its other annotations', async () => {
    const file = path.join(catalog, 'a.yaml');
    await writeFile(
      file,
      'kind: Component\nmetadata:\n  name: a\n  annotations:\n    backstage.io/managed-by-location: url:https://evil.example.com/\n    acme.com/team: red\n',
    );
    const [read] = (await readLocation({ type: 'file', target: file }, context)).entities;
    expect(read?.entity.metadata.annotations).toEqual({
      'acme.com/team': 'red',
      'backstage.io/managed-by-location': `file:${file}`,
      'backstage.io/managed-by-origin-location': context.originLocation,
    });
  });

  it('reports a bad document with its line and keeps the documents around it', async () => {
    const file = path.join(catalog, 'mixed.yaml');
    await writeFile(
      file,
      `${entityYaml('Component', 'first')}---\n- not\n- an entity\n---\n${entityYaml('Component', 'third')}`,
    );
    const result = await readLocation({ type: 'file', target: file }, context);
    expect(names(result)).toEqual(['first', 'third']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ target: file, line: 7 });
    expect(result.errors[0]?.message).toContain('document 2');
  });

  it('refuses a document that expands too many aliases (an alias bomb) but keeps the others', async () => {
    const file = path.join(catalog, 'bomb.yaml');
    const bomb = [
      'kind: Component',
      'metadata: { name: bomb }',
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    await writeFile(file, `${bomb}\n---\n${entityYaml('Component', 'fine')}`);
    const result = await readLocation({ type: 'file', target: file }, context);
    expect(names(result)).toEqual(['fine']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.message).toMatch(/alias/i);
  });

  it('refuses a file larger than the limit without parsing it', async () => {
    const file = path.join(catalog, 'big.yaml');
    await writeFile(file, `${entityYaml('Component', 'big')}# ${'x'.repeat(2000)}\n`);
    const result = await readLocation(
      { type: 'file', target: file },
      { ...context, limits: { maxFileBytes: 1000 } },
    );
    expect(result.entities).toEqual([]);
    expect(result.incomplete).toBe(true);
    expect(result.errors[0]?.message).toMatch(/more than the limit of 1000 bytes/);
  });

  it('refuses a path that leaves the allowed directories through ..', async () => {
    const target = path.join(catalog, '..', 'outside', 'secret.yaml');
    const result = await readLocation({ type: 'file', target }, context);
    expect(result.entities).toEqual([]);
    expect(result.errors[0]?.message).toContain(FILE_DIRECTORIES_CONFIG_KEY);
  });

  it('refuses a symlink that points outside the allowed directories', async () => {
    const link = path.join(catalog, 'link.yaml');
    await symlink(path.join(root, 'outside', 'secret.yaml'), link);
    const result = await readLocation({ type: 'file', target: link }, context);
    expect(result.entities).toEqual([]);
    expect(result.errors[0]?.message).toMatch(/resolves to .*outside/);
    expect(result.errors[0]?.message).toContain(FILE_DIRECTORIES_CONFIG_KEY);
  });

  it('refuses a missing file outside the allowed directories rather than calling it missing', async () => {
    const result = await readLocation(
      { type: 'file', target: path.join(root, 'nowhere.yaml'), presence: 'optional' },
      context,
    );
    expect(result.errors[0]?.message).toContain(FILE_DIRECTORIES_CONFIG_KEY);
  });

  it('refuses relative targets and targets ending with a path separator', async () => {
    const relative = await readLocation({ type: 'file', target: 'catalog/all.yaml' }, context);
    expect(relative.errors[0]?.message).toMatch(/not an absolute path/);
    const folder = await readLocation({ type: 'file', target: `${catalog}${path.sep}` }, context);
    expect(folder.errors[0]?.message).toMatch(/ends with a path separator/);
  });

  it('reads every file a glob matches, in path order, and skips files outside the pattern', async () => {
    await writeFiles(catalog, {
      'b/catalog-info.yaml': entityYaml('Component', 'b'),
      'a/deep/catalog-info.yaml': entityYaml('Component', 'a'),
      'c/other.yaml': entityYaml('Component', 'c'),
    });
    const result = await readLocation(
      { type: 'file', target: path.join(catalog, '**', 'catalog-info.yaml') },
      context,
    );
    expect(result.errors).toEqual([]);
    expect(names(result)).toEqual(['a', 'b']);
    expect(result.refreshKeys).toHaveLength(2);
    const braces = await readLocation(
      { type: 'file', target: path.join(catalog, '{b,c}', '*.yaml') },
      context,
    );
    expect(names(braces)).toEqual(['b', 'c']);
  });

  it('refuses glob matches that are symlinks out of the allowed directories and reads the rest', async () => {
    await writeFiles(catalog, { 'a/catalog-info.yaml': entityYaml('Component', 'a') });
    await mkdir(path.join(catalog, 'b'));
    await symlink(path.join(root, 'outside', 'secret.yaml'), path.join(catalog, 'b', 'catalog-info.yaml'));
    const result = await readLocation(
      { type: 'file', target: path.join(catalog, '*', 'catalog-info.yaml') },
      context,
    );
    expect(names(result)).toEqual(['a']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.target).toBe(path.join(catalog, 'b', 'catalog-info.yaml'));
    expect(result.incomplete).toBe(true);
  });

  it('refuses globs with .. segments and globs that start outside the allowed directories', async () => {
    const dots = await readLocation({ type: 'file', target: `${catalog}/*/../../**/*.yaml` }, context);
    expect(dots.entities).toEqual([]);
    expect(dots.errors[0]?.message).toMatch(/must not contain '.' or '..' segments/);
    const wide = await readLocation({ type: 'file', target: path.join(root, '**', '*.yaml') }, context);
    expect(wide.entities).toEqual([]);
    expect(wide.errors[0]?.message).toContain(FILE_DIRECTORIES_CONFIG_KEY);
  });

  it('yields nothing for a missing optional target and an error for a missing required one', async () => {
    const target = path.join(catalog, 'missing.yaml');
    const optional = await readLocation({ type: 'file', target, presence: 'optional' }, context);
    expect(optional).toMatchObject({ entities: [], errors: [], incomplete: false });
    const required = await readLocation({ type: 'file', target }, context);
    expect(required.entities).toEqual([]);
    expect(required.incomplete).toBe(true);
    expect(required.errors[0]?.message).toMatch(/does not exist.*presence: optional/);
    const glob = await readLocation({ type: 'file', target: path.join(catalog, '**', 'none.yaml') }, context);
    expect(glob.errors[0]?.message).toMatch(/No files match/);
    const noFolder = path.join(catalog, 'no-folder', '**', '*.yaml');
    const optionalGlob = await readLocation(
      { type: 'file', target: noFolder, presence: 'optional' },
      context,
    );
    expect(optionalGlob).toMatchObject({ entities: [], errors: [] });
  });

  it('answers unchanged without parsing when no file changed, and reads again when one did', async () => {
    const file = path.join(catalog, 'a.yaml');
    await writeFile(file, entityYaml('Component', 'a'));
    const first = await readLocation({ type: 'file', target: file }, context);
    const second = await readLocation(
      { type: 'file', target: file },
      { ...context, previousFingerprint: first.fingerprint },
    );
    expect(second).toEqual({
      entities: [],
      errors: [],
      unchanged: true,
      incomplete: false,
      fingerprint: first.fingerprint,
      refreshKeys: first.refreshKeys,
    });
    await writeFile(file, entityYaml('Component', 'renamed'));
    const third = await readLocation(
      { type: 'file', target: file },
      { ...context, previousFingerprint: first.fingerprint },
    );
    expect(third.unchanged).toBe(false);
    expect(names(third)).toEqual(['renamed']);
    expect(third.fingerprint).not.toBe(first.fingerprint);
  });

  it('reads again when a glob matches one more file, or the origin location changed', async () => {
    await writeFiles(catalog, { 'a/catalog-info.yaml': entityYaml('Component', 'a') });
    const target = path.join(catalog, '*', 'catalog-info.yaml');
    const first = await readLocation({ type: 'file', target }, context);
    await writeFiles(catalog, { 'b/catalog-info.yaml': entityYaml('Component', 'b') });
    const second = await readLocation(
      { type: 'file', target },
      { ...context, previousFingerprint: first.fingerprint },
    );
    expect(names(second)).toEqual(['a', 'b']);
    const moved = await readLocation(
      { type: 'file', target },
      { ...context, originLocation: 'file:/elsewhere.yaml', previousFingerprint: second.fingerprint },
    );
    expect(moved.unchanged).toBe(false);
    expect(moved.entities[0]?.entity.metadata.annotations?.['backstage.io/managed-by-origin-location']).toBe(
      'file:/elsewhere.yaml',
    );
  });

  it('reads in full when the previous fingerprint cannot be understood', async () => {
    const file = path.join(catalog, 'a.yaml');
    await writeFile(file, entityYaml('Component', 'a'));
    const result = await readLocation(
      { type: 'file', target: file },
      { ...context, previousFingerprint: '{"v":0}' },
    );
    expect(result.unchanged).toBe(false);
    expect(names(result)).toEqual(['a']);
  });

  it('answers unchanged for a target still missing', async () => {
    const target = path.join(catalog, 'missing.yaml');
    const first = await readLocation({ type: 'file', target, presence: 'optional' }, context);
    const second = await readLocation(
      { type: 'file', target, presence: 'optional' },
      { ...context, previousFingerprint: first.fingerprint },
    );
    expect(second.unchanged).toBe(true);
  });

  it('stops with the abort reason when the signal is aborted', async () => {
    const file = path.join(catalog, 'a.yaml');
    await writeFile(file, entityYaml('Component', 'a'));
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    await expect(
      readLocation({ type: 'file', target: file }, { ...context, signal: controller.signal }),
    ).rejects.toThrow('shutting down');
  });
});
