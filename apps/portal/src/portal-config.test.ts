import { describe, expect, it } from 'vitest';
import { freePort } from './testing/free-port.js';
import { waitForReadiness } from './testing/http-probe.js';
import { PortalHarness } from './testing/portal-harness.js';

const harness = PortalHarness.create();

/** Listens on a free port of 127.0.0.1 and logs JSON lines; `app.title` shows which file won. */
function config(title: string, backend = '  listen: { host: 127.0.0.1, port: 0 }\n') {
  return `app:\n  title: ${title}\nbackend:\n${backend}  logger: { format: json }\n`;
}

async function statusPageTitle(url: string): Promise<string | undefined> {
  const page = await (await fetch(`${url}/`)).text();
  return /<title>(.*)<\/title>/.exec(page)?.[1];
}

describe('a portal whose config is wrong', () => {
  it('exits with 1 without listening when app-config.yaml is malformed, naming file and line', async () => {
    const cwd = await harness.workspace({
      'app-config.yaml': 'app:\n  title: Greenroom\n\tbaseUrl: http://localhost:7007\n',
    });
    const result = await harness.run('portal', { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('Listening on');
    expect(result.stderr).toContain('Greenroom could not start:');
    expect(result.stderr).toMatch(/app-config\.yaml:3:1: Tabs are not allowed as indentation/);
  });

  it('exits with 1 when a value has the wrong type, naming the key, file and line', async () => {
    const cwd = await harness.workspace({
      'app-config.yaml': config('Greenroom', '  listen:\n    host: 127.0.0.1\n    port: seven\n'),
    });
    const result = await harness.run('portal', { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('Listening on');
    expect(result.stderr).toMatch(/app-config\.yaml:6:11 backend\.listen\.port: /);
  });

  it('exits with 1 when a required value is missing because its variable is unset, naming both', async () => {
    const cwd = await harness.workspace({
      'app-config.yaml': config(
        'Greenroom',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: app-config's own ${VAR} syntax
        '  listen: { host: 127.0.0.1, port: 0 }\n  reading:\n    allow:\n      - host: ${GREENROOM_TEST_UNSET_HOST}\n',
      ),
    });
    const result = await harness.run('portal', { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toContain('Listening on');
    expect(result.stderr).toContain('environment variable GREENROOM_TEST_UNSET_HOST is not set');
    expect(result.stderr).toMatch(
      /app-config\.yaml:7:9 backend\.reading\.allow\[0\]\.host: Missing required value/,
    );
  });
});

describe('which config the portal loads', () => {
  it('loads exactly the file named by --config, ignoring app-config.yaml', async () => {
    const cwd = await harness.workspace({
      'app-config.yaml': 'this file: [is not loaded\n',
      'other.yaml': config('Other'),
    });
    const portal = harness.start('portal', { cwd, args: ['--config', 'other.yaml'] });
    const url = await portal.listeningUrl();
    expect(await statusPageTitle(url)).toBe('Other');
  });

  it('adds app-config.production.yaml when GREENROOM_ENV=production', async () => {
    const cwd = await harness.workspace({
      'app-config.yaml': config('Base'),
      'app-config.production.yaml': 'app:\n  title: Production\n',
    });
    const portal = harness.start('portal', { cwd, env: { GREENROOM_ENV: 'production' } });
    const url = await portal.listeningUrl();
    expect(await statusPageTitle(url)).toBe('Production');
  });

  it('listens on the port set by APP_CONFIG_backend_listen_port over the file', async () => {
    const [filePort, envPort] = [await freePort(), await freePort()];
    const cwd = await harness.workspace({
      'app-config.yaml': config('Greenroom', `  listen: { host: 127.0.0.1, port: ${filePort} }\n`),
    });
    const portal = harness.start('portal', { cwd, env: { APP_CONFIG_backend_listen_port: `${envPort}` } });
    const url = await portal.listeningUrl();
    expect(url).toBe(`http://127.0.0.1:${envPort}`);
    await waitForReadiness(url);
  });
});
