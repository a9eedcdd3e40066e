// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is app-config syntax, not a mistaken template
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type RunCliOptions, runCli } from './run-cli.js';

const schemas = [
  {
    source: 'core',
    schema: z.object({
      app: z.object({ title: z.string().meta({ visibility: 'frontend' }) }).optional(),
      backend: z.object({
        baseUrl: z.string().describe('External URL of the backend'),
        listen: z.object({ port: z.number().optional() }).optional(),
        database: z.object({ password: z.string().meta({ visibility: 'secret' }) }).optional(),
      }),
    }),
  },
  {
    source: 'catalog',
    schema: z.object({ catalog: z.object({ locations: z.array(z.string()) }).optional() }),
  },
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenroom-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], options: Partial<RunCliOptions> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    schemas,
    cwd: dir,
    env: {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    ...options,
  });
  return { code, stdout, stderr };
}

const writeConfig = (name: string, text: string) => writeFile(join(dir, name), text);

describe('greenroom', () => {
  it('prints the commands for --help and exits with 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: greenroom <command> [options]');
    for (const command of ['config schema', 'config check', 'config print', 'start'])
      expect(stdout).toContain(command);
  });

  it('prints usage to stderr and exits with 2 for no command or an unknown one', async () => {
    expect(await run([])).toMatchObject({ code: 2, stdout: '' });
    const unknown = await run(['deploy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Unknown command 'deploy'\n\nUsage: greenroom/);
    expect((await run(['config', 'lint'])).stderr).toMatch(/^Unknown command 'config lint'/);
  });

  it("prints a command's help for <command> --help", async () => {
    const { code, stdout } = await run(['config', 'check', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: greenroom config check \[--config <path>\]\.\.\. \[--strict\]/);
  });

  it('rejects unknown flags and bad flag values with the usage and exit code 2', async () => {
    const unknownFlag = await run(['config', 'schema', '--pretty']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("Unknown option '--pretty'");
    expect(unknownFlag.stderr).toContain('Usage: greenroom config schema');
    const badFormat = await run(['config', 'schema', '--format', 'xml']);
    expect(badFormat).toMatchObject({ code: 2 });
    expect(badFormat.stderr).toMatch(/^--format must be one of json, yaml, got 'xml'/);
    const stray = await run(['config', 'check', 'app-config.yaml']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/^Unexpected argument 'app-config\.yaml'/);
  });
});

describe('greenroom config schema', () => {
  it('prints the merged JSON Schema with the keys of every source', async () => {
    const { code, stdout } = await run(['config', 'schema']);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(Object.keys(schema.properties)).toEqual(['app', 'backend', 'catalog']);
  });

  it('prints YAML with --format yaml', async () => {
    const { stdout } = await run(['config', 'schema', '--format=yaml']);
    expect(parseYaml(stdout).properties.backend.properties.baseUrl.description).toBe(
      'External URL of the backend',
    );
  });

  it('--write writes app-config.schema.json and creates .vscode/settings.json', async () => {
    const { code, stdout } = await run(['config', 'schema', '--write']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      'Wrote app-config.schema.json (config keys of core, catalog)\n' +
        'Created .vscode/settings.json: "yaml.schemas" maps ./app-config.schema.json to app-config*.yaml\n',
    );
    const written = JSON.parse(await readFile(join(dir, 'app-config.schema.json'), 'utf8'));
    expect(written.title).toBe('Greenroom app-config');
    expect(JSON.parse(await readFile(join(dir, '.vscode/settings.json'), 'utf8'))).toEqual({
      'yaml.schemas': { './app-config.schema.json': ['app-config*.yaml'] },
    });
  });

  it('--write merges into existing settings with comments, keeping other keys and schemas', async () => {
    await run(['config', 'schema', '--write']);
    await writeFile(
      join(dir, '.vscode/settings.json'),
      [
        '{',
        '  // team settings',
        '  "editor.tabSize": 2, /* keep */',
        '  "url": "http://example.com/a,}",',
        '  "yaml.schemas": { "./other.json": ["other.yaml"], "./app-config.schema.json": "config/*.yaml" },',
        '}',
      ].join('\n'),
    );
    const { stdout } = await run(['config', 'schema', '--write']);
    expect(stdout).toContain('Updated .vscode/settings.json');
    expect(JSON.parse(await readFile(join(dir, '.vscode/settings.json'), 'utf8'))).toEqual({
      'editor.tabSize': 2,
      url: 'http://example.com/a,}',
      'yaml.schemas': {
        './other.json': ['other.yaml'],
        './app-config.schema.json': ['config/*.yaml', 'app-config*.yaml'],
      },
    });
    expect((await run(['config', 'schema', '--write'])).stdout).toContain(
      '.vscode/settings.json already has',
    );
  });

  it('--write refuses to clobber a settings file it cannot read', async () => {
    await run(['config', 'schema', '--write']);
    await writeFile(join(dir, '.vscode/settings.json'), '{ "a": ');
    const { code, stderr } = await run(['config', 'schema', '--write']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^\.vscode\/settings\.json is not valid JSON/);
    expect(await readFile(join(dir, '.vscode/settings.json'), 'utf8')).toBe('{ "a": ');
  });
});

describe('greenroom config check', () => {
  it('passes valid config and says how many files it checked', async () => {
    await writeConfig('app-config.yaml', 'backend:\n  baseUrl: http://localhost:7007\n');
    await writeConfig('app-config.local.yaml', 'backend:\n  listen:\n    port: 7008\n');
    expect(await run(['config', 'check'])).toEqual({
      code: 0,
      stdout: 'Config is valid: 2 files checked\n',
      stderr: '',
    });
  });

  it('fails on wrong types and missing keys, naming file, line, key and source', async () => {
    await writeConfig('app-config.yaml', 'backend:\n  listen:\n    port: abc\n');
    const { code, stderr } = await run(['config', 'check']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      [
        'Errors:',
        'app-config.yaml:2:3 backend.baseUrl: Missing required value, expected string (from core)',
        'app-config.yaml:3:11 backend.listen.port: Expected number, received string (from core)',
        'Config is invalid: 2 errors in 1 file',
        '',
      ].join('\n'),
    );
  });

  it('warns about unknown keys and unset variables, and --strict turns unknown keys into errors', async () => {
    await writeConfig(
      'app-config.yaml',
      'backend:\n  baseUrl: ${BASE_URL:-http://x}\n  baseURL: x\n  listen:\n    port: ${PORT}\n',
    );
    const lax = await run(['config', 'check']);
    expect(lax.code).toBe(0);
    expect(lax.stderr).toBe(
      [
        'Warnings:',
        'app-config.yaml:5:11 backend.listen.port: environment variable PORT is not set, so the key is left out',
        "app-config.yaml:3:12 backend.baseURL: Unknown key: no plugin, module or the core declares it (did you mean 'baseUrl'?)",
        '',
      ].join('\n'),
    );
    expect(lax.stdout).toBe('Config is valid: 1 file checked (2 warnings)\n');
    const strict = await run(['config', 'check', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('Errors:\napp-config.yaml:3:12 backend.baseURL: Unknown key');
  });

  it('checks exactly the --config files', async () => {
    await writeConfig('app-config.yaml', 'broken: [\n');
    await writeConfig('prod.yaml', 'backend:\n  baseUrl: https://portal\n');
    expect((await run(['config', 'check', '--config', 'prod.yaml'])).code).toBe(0);
  });

  it('fails with file and line when a file is malformed', async () => {
    await writeConfig('app-config.yaml', 'backend:\n  baseUrl: x\n listen: 1\n');
    const { code, stderr } = await run(['config', 'check']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^app-config\.yaml:3:\d+: /);
  });

  it('fails clearly without app-config.yaml', async () => {
    const { code, stderr } = await run(['config', 'check']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^No app-config\.yaml in /);
  });
});

describe('greenroom config print', () => {
  beforeEach(async () => {
    await writeConfig(
      'app-config.yaml',
      [
        'app:',
        '  title: Portal',
        'backend:',
        '  baseUrl: http://localhost:7007',
        '  database:',
        '    password: ${DB_PASSWORD}',
        'integrations:',
        '  github:',
        '    - host: github.com',
        '      token: ghp_undeclared',
        '',
      ].join('\n'),
    );
  });

  it('prints the merged config as YAML with secrets redacted, declared or not', async () => {
    const { code, stdout } = await run(['config', 'print'], { env: { DB_PASSWORD: 'hunter2' } });
    expect(code).toBe(0);
    expect(stdout).not.toContain('hunter2');
    expect(stdout).not.toContain('ghp_undeclared');
    expect(parseYaml(stdout)).toEqual({
      app: { title: 'Portal' },
      backend: { baseUrl: 'http://localhost:7007', database: { password: '<secret>' } },
      integrations: { github: [{ host: 'github.com', token: '<secret>' }] },
    });
  });

  it('prints JSON with --format json and only frontend values with --frontend', async () => {
    const { stdout } = await run(['config', 'print', '--frontend', '--format', 'json'], {
      env: { DB_PASSWORD: 'x' },
    });
    expect(JSON.parse(stdout)).toEqual({ app: { title: 'Portal' } });
  });

  it('reports keys left out for unset variables on stderr', async () => {
    const { code, stdout, stderr } = await run(['config', 'print']);
    expect(code).toBe(0);
    expect(parseYaml(stdout).backend).toEqual({ baseUrl: 'http://localhost:7007', database: {} });
    expect(stderr).toBe(
      'Warnings:\napp-config.yaml:6:15 backend.database.password: environment variable DB_PASSWORD is not set, so the key is left out\n',
    );
  });

  it('has no way to print secrets', async () => {
    const { code, stderr } = await run(['config', 'print', '--with-secrets']);
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown option '--with-secrets'");
  });
});

describe('greenroom start', () => {
  it('calls the start function with the --config paths', async () => {
    const calls: { configPaths: string[] }[] = [];
    const start = async (options: { configPaths: string[] }) => {
      calls.push(options);
    };
    expect((await run(['start', '--config', 'a.yaml'], { start })).code).toBe(0);
    expect(calls).toEqual([{ configPaths: ['a.yaml'] }]);
  });

  it('fails when the app passed no start function', async () => {
    const { code, stderr } = await run(['start']);
    expect(code).toBe(1);
    expect(stderr).toContain('built without a backend to start');
  });

  it('reports a failing start with exit code 1', async () => {
    const { code, stderr } = await run(['start'], {
      start: () => Promise.reject(new Error('port 7007 is in use')),
    });
    expect(code).toBe(1);
    expect(stderr).toBe('port 7007 is in use\n');
  });
});
