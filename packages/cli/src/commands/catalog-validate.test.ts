import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModelFragment, defineModelFragment } from '@greenroom/catalog-model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunCliOptions, runCli } from '../run-cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenroom-catalog-validate-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], options: Partial<RunCliOptions> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['catalog', 'validate', ...argv], {
    schemas: [],
    cwd: dir,
    env: {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    ...options,
  });
  return { code, stdout, stderr };
}

async function files(contents: Record<string, string>) {
  for (const [path, text] of Object.entries(contents)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

const component = (name: string, extra = '') =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a\n${extra}`;

describe('greenroom catalog validate', () => {
  it('passes valid files and says how many files and entities it checked', async () => {
    await files({ 'catalog-info.yaml': `${component('checkout')}---\n${component('cart')}` });
    expect(await run(['catalog-info.yaml'])).toEqual({
      code: 0,
      stdout: '1 file, 2 entities, 0 problems\n',
      stderr: '',
    });
  });

  it("passes the portal's example catalog, reading its OpenAPI files as placeholder content", async () => {
    const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
    const { code, stdout, stderr } = await run(['examples/catalog/**/*.yaml'], { cwd: repoRoot });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^\d+ files \(\d+ read as placeholder content\), 81 entities, 0 problems\n$/);
  });

  it('reports an invalid name and an unknown root key with file, line, column and JSON path', async () => {
    await files({
      'catalog-info.yaml': `${component('checkout')}---\n${component('bad name!')}relations: []\n`,
    });
    const { code, stdout, stderr } = await run(['catalog-info.yaml']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toEqual([
      expect.stringMatching(/^catalog-info\.yaml:13:3 {2}metadata\.name {2}"metadata\.name" is not valid; /),
      expect.stringMatching(/^catalog-info\.yaml:18:1 {2}relations {2}Unknown field "relations"/),
      '1 file, 2 entities, 2 problems',
      '',
    ]);
  });

  it('reports a YAML syntax error with its position and still checks the other documents', async () => {
    await files({ 'a.yaml': `${component('ok')}---\nkind: [unclosed\n---\n${component('bad_')}` });
    const { code, stderr } = await run(['a.yaml']);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^a\.yaml:11:1 {2}- {2}document 2: Flow sequence/);
    expect(lines[1]).toMatch(/^a\.yaml:15:3 {2}metadata\.name {2}/);
    expect(lines.at(-1)).toBe('1 file, 2 entities, 2 problems');
  });

  it('reports an alias bomb and a document that is not a mapping without expanding them', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level);
      const next = String.fromCharCode(97 + level);
      bomb.push(`${next}: &${next} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    await files({ 'bomb.yaml': `${bomb.join('\n')}\n---\n- just\n- a list\n` });
    const { code, stderr } = await run(['bomb.yaml']);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^bomb\.yaml:\d+:\d+ {2}- {2}document 1: .*alias/);
    expect(lines[1]).toMatch(/^bomb\.yaml:12:1 {2}- {2}document 2: expected an entity .* found a list$/);
    expect(lines.at(-1)).toBe('1 file, 0 entities, 2 problems');
  });

  it('reports a YAML file that holds no entity at all, such as an OpenAPI document, in one line', async () => {
    await files({ 'openapi.yaml': 'openapi: 3.1.0\ninfo: { title: Orders }\npaths: {}\n' });
    expect(await run(['openapi.yaml'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'openapi.yaml:1:1  -  document 1 is not an entity: it has no apiVersion, kind or metadata; leave the file out, or pull it into an entity with $text\n' +
        '1 file, 0 entities, 1 problem\n',
    });
  });

  it('expands quoted globs and directories, each file once, outside node_modules', async () => {
    await files({
      'catalog/a.yaml': component('a'),
      'catalog/team/b.yml': component('b'),
      'catalog/notes.txt': 'not yaml',
      'node_modules/pkg/catalog-info.yaml': 'broken: [',
      'catalog-info.yaml': component('root'),
    });
    expect((await run(['catalog/**/*.{yaml,yml}', 'catalog/a.yaml'])).stdout).toBe(
      '2 files, 2 entities, 0 problems\n',
    );
    expect((await run(['catalog'])).stdout).toBe('2 files, 2 entities, 0 problems\n');
    expect((await run(['**/catalog-info.yaml'])).stdout).toBe('1 file, 1 entity, 0 problems\n');
  });

  it('fails with exit code 1 when a glob matches nothing or a file does not exist', async () => {
    await files({ 'catalog-info.yaml': component('a') });
    const glob = await run(['catalog-info.yaml', 'catalog/**/*.yaml']);
    expect(glob.code).toBe(1);
    expect(glob.stderr).toMatch(/^No files match 'catalog\/\*\*\/\*\.yaml' \(looked in .*\); .*quote globs/);
    const missing = await run(['catalog-info.yml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^catalog-info\.yml: no such file or directory/);
  });

  it('is a usage error without files or with an unknown format', async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Name the entity files to check.*\n\nUsage: greenroom catalog validate/);
    expect((await run(['a.yaml', '--format', 'xml'])).code).toBe(2);
  });

  it('reports an entity ref defined twice across files, case-insensitively, at the second definition', async () => {
    await files({ 'a.yaml': component('checkout'), 'b.yaml': component('Checkout') });
    const { code, stderr } = await run(['a.yaml', 'b.yaml']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'b.yaml:4:3  metadata.name  component:default/checkout is defined twice, first at a.yaml:4:3; entity refs ignore case, so rename or remove one\n' +
        '2 files, 2 entities, 1 problem\n',
    );
  });

  it('fills placeholders from local files and does not validate those files as entities', async () => {
    const api = (definition: string) =>
      `apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: orders\nspec:\n  type: openapi\n  lifecycle: production\n  owner: team-a\n  definition: ${definition}\n`;
    await files({
      'apis.yaml': api('{ $text: ./apis/orders.yaml }'),
      'apis/orders.yaml': 'openapi: 3.1.0\n',
    });
    expect((await run(['**/*.yaml'])).stdout).toBe(
      '2 files (1 read as placeholder content), 1 entity, 0 problems\n',
    );

    await files({ 'apis.yaml': api('{ $text: ./apis/missing.yaml }') });
    expect((await run(['apis.yaml'])).stderr).toMatch(
      /^apis\.yaml:9:3 {2}spec\.definition {2}\$text: '\.\/apis\/missing\.yaml' does not exist \(.*\)\n1 file, 1 entity, 1 problem\n$/,
    );

    await files({
      'secret.txt': 'not for CI logs',
      'repo/apis.yaml': api('{ $text: ../secret.txt }'),
      'repo/linked.yaml': api('{ $text: ./link.txt }').replace('orders', 'linked'),
    });
    await symlink(join(dir, 'secret.txt'), join(dir, 'repo', 'link.txt'));
    const outside = await run(['*.yaml'], { cwd: join(dir, 'repo') });
    expect(outside.stderr).toMatch(/^apis\.yaml:9:3 .*'\.\.\/secret\.txt' is outside the working directory/m);
    expect(outside.stderr).toMatch(/^linked\.yaml:9:3 .*'\.\/link\.txt' is outside the working directory/m);

    await files({ 'apis.yaml': api('{ $json: https://example.com/orders.json }') });
    expect((await run(['apis.yaml'])).code).toBe(0);
  });

  it('validates against the fragments the app passes, and prints problems as JSON with --format json', async () => {
    const pager = defineModelFragment({
      source: 'plugin:pager',
      annotations: [{ key: 'acme.com/pager', value: z.string().regex(/^P[A-Z0-9]+$/) }],
    });
    await files({
      'a.yaml': component('a').replace(
        'metadata:\n',
        "metadata:\n  annotations: { 'acme.com/pager': nope }\n",
      ),
    });
    expect((await run(['a.yaml'])).code).toBe(0);
    const { code, stdout, stderr } = await run(['a.yaml', '--format', 'json'], {
      modelFragments: [builtinModelFragment, pager],
    });
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual([
      {
        file: 'a.yaml',
        line: 4,
        column: 18,
        path: 'metadata.annotations["acme.com/pager"]',
        message: expect.any(String),
        entityRef: 'component:default/a',
      },
    ]);
    expect(stderr).toBe('1 file, 1 entity, 1 problem\n');
  });
});
