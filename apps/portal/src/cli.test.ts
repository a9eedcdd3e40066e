import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PortalHarness } from './testing/portal-harness.js';

const harness = PortalHarness.create();
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const VALID_CONFIG = 'app:\n  title: Greenroom\nbackend:\n  listen: { host: 127.0.0.1, port: 0 }\n';

describe('the greenroom CLI as a process', () => {
  it('config check exits with 0 for a valid config', async () => {
    const cwd = await harness.workspace({ 'app-config.yaml': VALID_CONFIG });
    const result = await harness.run('cli', { cwd, args: ['config', 'check'] });
    expect(result).toMatchObject({ code: 0, stdout: 'Config is valid: 1 file checked\n' });
  });

  it('config check exits with 1 and names key, file and line for an invalid value', async () => {
    const cwd = await harness.workspace({ 'app-config.yaml': 'backend:\n  listen:\n    port: seven\n' });
    const result = await harness.run('cli', { cwd, args: ['config', 'check'] });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/app-config\.yaml:3:11 backend\.listen\.port: /);
  });

  it.each(['yaml', 'json'])('config print --format %s never prints a secret', async (format) => {
    const [password, urlPassword] = ['correct-horse-battery-staple', 'url-password-42'];
    const database = [
      '  database:',
      '    client: pg',
      `    connection: { host: db.internal, password: ${password} }`,
      '    plugin:',
      `      catalog: { connection: 'postgres://app:${urlPassword}@db.internal/catalog' }`,
    ];
    const cwd = await harness.workspace({ 'app-config.yaml': `${VALID_CONFIG}${database.join('\n')}\n` });
    const result = await harness.run('cli', { cwd, args: ['config', 'print', '--format', format] });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('password');
    expect(result.stdout).toContain('db.internal');
    expect(result.stdout + result.stderr).not.toContain(password);
    expect(result.stdout + result.stderr).not.toContain(urlPassword);
  });

  it('config schema prints a JSON Schema with the backend and app keys', async () => {
    const cwd = await harness.workspace({});
    const result = await harness.run('cli', { cwd, args: ['config', 'schema'] });
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['backend', 'app']));
  });

  it('catalog validate passes the example catalog the portal loads by default', async () => {
    const result = await harness.run('cli', {
      cwd: repoRoot,
      args: ['catalog', 'validate', 'examples/catalog/**/*.yaml'],
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/, 81 entities, 0 problems\n$/);
  });

  it('catalog validate exits with 1 and names file, line and JSON path for an invalid entity', async () => {
    const cwd = await harness.workspace({
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bad name\nspec: {}\n',
    });
    const result = await harness.run('cli', { cwd, args: ['catalog', 'validate', 'catalog-info.yaml'] });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^catalog-info\.yaml:4:3 {2}metadata\.name {2}/);
  });

  it('catalog schema prints exactly the committed catalog-info.schema.json', async () => {
    const committed = JSON.parse(
      await readFile(new URL('../../../catalog-info.schema.json', import.meta.url), 'utf8'),
    );
    const result = await harness.run('cli', { cwd: repoRoot, args: ['catalog', 'schema'] });
    expect(result.code).toBe(0);
    expect(
      JSON.parse(result.stdout),
      'catalog-info.schema.json is stale: run `npm run greenroom -- catalog schema --write` and commit it',
    ).toEqual(committed);
  });

  it('start --config <file> starts the portal on exactly that file', async () => {
    const cwd = await harness.workspace({
      'app-config.yaml': 'this file: [is not loaded\n',
      'other.yaml': `${VALID_CONFIG}  logger: { format: json }\n`,
    });
    const portal = harness.start('cli', { cwd, args: ['start', '--config', 'other.yaml'] });
    const url = await portal.listeningUrl();
    expect((await fetch(`${url}/.backstage/health/v1/liveness`)).status).toBe(200);
    portal.signal('SIGTERM');
    expect(await portal.waitForExit()).toEqual({ code: 0, signal: null });
  });
});
