import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinModelFragment, defineModelFragment } from '@greenroom/catalog-model';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type RunCliOptions, runCli } from '../run-cli.js';

const environments = defineModelFragment({
  source: 'plugin:environments',
  kinds: [{ kind: 'Environment', apiVersions: ['acme.com/v1'], spec: z.object({ region: z.string() }) }],
});
const modelFragments = [builtinModelFragment, environments];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenroom-catalog-schema-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], options: Partial<RunCliOptions> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    schemas: [],
    cwd: dir,
    env: {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    ...options,
  });
  return { code, stdout, stderr };
}

const kindsOf = (schema: { oneOf?: unknown[]; [key: string]: unknown }) => JSON.stringify(schema);

describe('greenroom catalog schema', () => {
  it("prints a draft-07 JSON Schema covering the app's kinds, as JSON or YAML", async () => {
    const { code, stdout } = await run(['catalog', 'schema'], { modelFragments });
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(kindsOf(schema)).toContain('Environment');
    expect(kindsOf(schema)).toContain('Component');
    expect(
      parseYaml((await run(['catalog', 'schema', '--format', 'yaml'], { modelFragments })).stdout),
    ).toEqual(schema);
    expect(kindsOf(JSON.parse((await run(['catalog', 'schema'])).stdout))).not.toContain('Environment');
  });

  it('--write writes catalog-info.schema.json and maps it in .vscode/settings.json, once', async () => {
    const { code, stdout } = await run(['catalog', 'schema', '--write'], { modelFragments });
    expect(code).toBe(0);
    expect(stdout).toBe(
      'Wrote catalog-info.schema.json (entity model of greenroom:builtin, plugin:environments)\n' +
        'Created .vscode/settings.json: "yaml.schemas" maps ./catalog-info.schema.json to catalog-info.yaml, **/catalog-info.yaml, examples/catalog/*.yaml\n',
    );
    const written = JSON.parse(await readFile(join(dir, 'catalog-info.schema.json'), 'utf8'));
    expect(written).toEqual(JSON.parse((await run(['catalog', 'schema'], { modelFragments })).stdout));
    expect(JSON.parse(await readFile(join(dir, '.vscode/settings.json'), 'utf8'))).toEqual({
      'yaml.schemas': {
        './catalog-info.schema.json': [
          'catalog-info.yaml',
          '**/catalog-info.yaml',
          'examples/catalog/*.yaml',
        ],
      },
    });
    expect((await run(['catalog', 'schema', '--write'])).stdout).toContain(
      '.vscode/settings.json already has',
    );
  });

  it('fails naming both sources when the fragments conflict', async () => {
    const conflicting = defineModelFragment({
      source: 'plugin:other-environments',
      kinds: [{ kind: 'Environment', apiVersions: ['acme.com/v1'], spec: z.object({ zone: z.number() }) }],
    });
    const { code, stderr } = await run(['catalog', 'schema'], {
      modelFragments: [...modelFragments, conflicting],
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/"plugin:environments".*"plugin:other-environments"/);
  });
});

describe('greenroom catalog model', () => {
  it('describes the model as markdown by default and as introspection JSON with --format json', async () => {
    const markdown = await run(['catalog', 'model'], { modelFragments });
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('Environment');
    expect(markdown.stdout.endsWith('\n')).toBe(true);
    const json = JSON.parse((await run(['catalog', 'model', '--format', 'json'], { modelFragments })).stdout);
    expect(json.kinds.map((kind: { kind: string }) => kind.kind)).toEqual(
      expect.arrayContaining(['Component', 'Environment']),
    );
  });
});

describe('greenroom --help', () => {
  it('lists the catalog commands', async () => {
    const { stdout } = await run(['--help']);
    for (const command of ['catalog validate', 'catalog schema', 'catalog model'])
      expect(stdout).toContain(command);
    expect((await run(['catalog'])).stderr).toMatch(
      /catalog validate[\s\S]*catalog schema[\s\S]*catalog model/,
    );
  });
});
