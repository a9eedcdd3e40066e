import { describe, expect, it } from 'vitest';
import { PortalHarness } from './testing/portal-harness.js';

const harness = PortalHarness.create();

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
