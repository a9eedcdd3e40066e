// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is app-config syntax, not a mistaken template
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConfigReloadEvent, type LoadedConfig, loadConfig } from './load-config.js';

let dir: string;
const opened: LoadedConfig[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenroom-config-'));
});
afterEach(async () => {
  for (const loaded of opened.splice(0)) loaded.close();
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string) {
  await mkdir(dirname(join(dir, name)), { recursive: true });
  await writeFile(join(dir, name), text);
}

/** Replaces a file in one step, as editors do, so a watcher never sees it half-written. */
async function replace(name: string, text: string) {
  await writeFile(join(dir, `${name}.tmp`), text);
  await rename(join(dir, `${name}.tmp`), join(dir, name));
}

async function load(options: { env?: Record<string, string>; configPaths?: string[]; watch?: boolean } = {}) {
  const loaded = await loadConfig({ cwd: dir, env: {}, watchDebounceMs: 20, ...options });
  opened.push(loaded);
  return loaded;
}

describe('which files are loaded', () => {
  it('requires app-config.yaml and says how to fix its absence', async () => {
    await expect(load()).rejects.toThrow(/No app-config\.yaml in .*pass --config <path>/);
  });

  it('layers app-config.yaml, the GREENROOM_ENV files, the local file and the env local file in that order', async () => {
    await write('app-config.yaml', 'a: base\nb: base\nc: base\nd: base\ne: base\n');
    await write('app-config.production.yaml', 'b: production\nc: production\nd: production\n');
    await write('app-config.local.yaml', 'c: local\nd: local\n');
    await write('app-config.production.local.yaml', 'd: production-local\n');
    const loaded = await load({ env: { GREENROOM_ENV: 'production' } });
    expect(loaded.data).toEqual({ a: 'base', b: 'production', c: 'local', d: 'production-local', e: 'base' });
  });

  it('skips the env files when GREENROOM_ENV is not set', async () => {
    await write('app-config.yaml', 'a: base\n');
    await write('app-config.production.yaml', 'a: production\n');
    expect((await load()).data).toEqual({ a: 'base' });
  });

  it('loads every environment of a comma-separated GREENROOM_ENV in order', async () => {
    await write('app-config.yaml', 'a: base\n');
    await write('app-config.staging.yaml', 'a: staging\nb: staging\n');
    await write('app-config.eu.yaml', 'b: eu\n');
    expect((await load({ env: { GREENROOM_ENV: 'staging, eu' } })).data).toEqual({ a: 'staging', b: 'eu' });
  });

  it('fails when GREENROOM_ENV names an environment without a file', async () => {
    await write('app-config.yaml', 'a: base\n');
    await expect(load({ env: { GREENROOM_ENV: 'production' } })).rejects.toThrow(
      /GREENROOM_ENV=production asks for app-config\.production\.yaml/,
    );
  });

  it('rejects environment names that could leave the config directory', async () => {
    await write('app-config.yaml', 'a: base\n');
    await expect(load({ env: { GREENROOM_ENV: '../secrets' } })).rejects.toThrow(
      /not a valid environment name/,
    );
  });

  it('loads exactly the --config files in order, relative to cwd, and nothing else', async () => {
    await write('app-config.yaml', 'a: base\n');
    await write('app-config.local.yaml', 'a: local\n');
    await write('deploy/one.yaml', 'a: one\nb: one\n');
    await write('deploy/two.yaml', 'b: two\n');
    const loaded = await load({ configPaths: ['deploy/one.yaml', 'deploy/two.yaml'] });
    expect(loaded.data).toEqual({ a: 'one', b: 'two' });
  });

  it('fails when a --config file does not exist', async () => {
    await expect(load({ configPaths: ['missing.yaml'] })).rejects.toThrow(
      /'missing\.yaml' \(from --config\)/,
    );
  });
});

describe('merging', () => {
  it('merges objects key by key and replaces arrays and scalars wholesale', async () => {
    await write('app-config.yaml', 'backend:\n  baseUrl: http://a\n  listen: { port: 1 }\nlist: [1, 2, 3]\n');
    await write('app-config.local.yaml', 'backend:\n  listen: { host: x }\nlist: [4]\n');
    expect((await load()).data).toEqual({
      backend: { baseUrl: 'http://a', listen: { port: 1, host: 'x' } },
      list: [4],
    });
  });

  it('removes a key that a later file sets to null', async () => {
    await write('app-config.yaml', 'backend:\n  baseUrl: http://a\n  cache: { store: redis }\n');
    await write('app-config.local.yaml', 'backend:\n  cache: ~\n');
    expect((await load()).data).toEqual({ backend: { baseUrl: 'http://a' } });
  });

  it('returns frozen data', async () => {
    await write('app-config.yaml', 'a: { b: [1] }\n');
    const loaded = await load();
    expect(Object.isFrozen(loaded.data)).toBe(true);
    expect(Object.isFrozen((loaded.data.a as { b: number[] }).b)).toBe(true);
  });
});

describe('environment variable substitution', () => {
  it('substitutes ${VAR} and ${VAR:-default} in every string, several per string', async () => {
    await write(
      'app-config.yaml',
      'db:\n  url: postgres://${USER}:${PASS}@${HOST:-localhost}:${PORT:-5432}\n  list: ["${USER}"]\n',
    );
    const loaded = await load({ env: { USER: 'app', PASS: 's3cret', PORT: '' } });
    expect(loaded.data).toEqual({ db: { url: 'postgres://app:s3cret@localhost:5432', list: ['app'] } });
  });

  it('keeps $${VAR} as the literal text ${VAR}', async () => {
    await write('app-config.yaml', 'template: "$${NAME} is ${NAME}"\n');
    expect((await load({ env: { NAME: 'x' } })).data).toEqual({ template: '${NAME} is x' });
  });

  it('leaves out a key whose value refers to an unset variable and warns with key, file and variable', async () => {
    await write('app-config.yaml', 'backend:\n  database:\n    password: ${DB_PASSWORD}\n    user: app\n');
    const loaded = await load();
    expect(loaded.data).toEqual({ backend: { database: { user: 'app' } } });
    expect(loaded.warnings).toEqual([
      {
        key: 'backend.database.password',
        message: 'environment variable DB_PASSWORD is not set, so the key is left out',
        location: { file: 'app-config.yaml', line: 3, column: 15 },
      },
    ]);
  });

  it('rejects a reference that is not a variable name, naming file and line', async () => {
    await write('app-config.yaml', 'a: b\nc: ${not a name}\n');
    await expect(load()).rejects.toThrow(
      /^app-config\.yaml:2:4: '\$\{not a name\}' does not name an environment variable/,
    );
  });
});

describe('includes', () => {
  it('$env reads a variable, and leaves the key out with a warning when it is unset', async () => {
    await write('app-config.yaml', 'token:\n  $env: TOKEN\nother:\n  $env: UNSET_VAR\n');
    const loaded = await load({ env: { TOKEN: 'abc' } });
    expect(loaded.data).toEqual({ token: 'abc' });
    expect(loaded.warnings.map((w) => w.message)).toEqual([
      'environment variable UNSET_VAR is not set, so the key is left out',
    ]);
  });

  it('$file reads a file relative to the config file, with trailing whitespace trimmed', async () => {
    await write('conf/app-config.yaml', 'cert:\n  $file: ./certs/ca.pem\n');
    await write('conf/certs/ca.pem', '-----BEGIN-----\nabc\n\n  \n');
    const loaded = await load({ configPaths: ['conf/app-config.yaml'] });
    expect(loaded.data).toEqual({ cert: '-----BEGIN-----\nabc' });
    expect(loaded.files).toContain(join(dir, 'conf/certs/ca.pem'));
  });

  it('$include merges in YAML and JSON files, optionally a subtree', async () => {
    await write(
      'app-config.yaml',
      'catalog:\n  $include: ./catalog.yaml\nlisten:\n  $include: ./ports.json#backend.listen\n',
    );
    await write('catalog.yaml', 'locations:\n  - type: file\n    target: ./all.yaml\n');
    await write('ports.json', '{"backend": {"listen": {"port": 7008}}}');
    expect((await load()).data).toEqual({
      catalog: { locations: [{ type: 'file', target: './all.yaml' }] },
      listen: { port: 7008 },
    });
  });

  it('resolves nested relative includes against the including file, and substitutes in the argument', async () => {
    await write('app-config.yaml', 'a:\n  $include: ./parts/${PART}.yaml\n');
    await write('parts/one.yaml', 'b:\n  $include: ./deeper/two.yaml\nc:\n  $file: ./deeper/text.txt\n');
    await write('parts/deeper/two.yaml', 'value: ${NAME}\n');
    await write('parts/deeper/text.txt', 'hello\n');
    const loaded = await load({ env: { PART: 'one', NAME: 'x' } });
    expect(loaded.data).toEqual({ a: { b: { value: 'x' }, c: 'hello' } });
    expect(loaded.locate('a.b.value')).toEqual({
      file: join('parts', 'deeper', 'two.yaml'),
      line: 1,
      column: 8,
    });
  });

  it('detects include cycles and names the chain', async () => {
    await write('app-config.yaml', 'a:\n  $include: ./one.yaml\n');
    await write('one.yaml', 'b:\n  $include: ./two.yaml\n');
    await write('two.yaml', 'c:\n  $include: ./one.yaml\n');
    await expect(load()).rejects.toThrow('two.yaml:2:3: $include cycle: one.yaml → two.yaml → one.yaml');
  });

  it('rejects an include object with other keys, naming file and line', async () => {
    await write('app-config.yaml', 'a: 1\nb:\n  $env: X\n  extra: 1\n');
    await expect(load()).rejects.toThrow(
      'app-config.yaml:3:3: an $env object must have no other keys, but it also has: extra',
    );
  });

  it('names the include site when an included file is missing or a subtree does not exist', async () => {
    await write('app-config.yaml', 'a:\n  $include: ./nope.yaml\n');
    await expect(load()).rejects.toThrow(
      /^app-config\.yaml:2:3: \$include '\.\/nope\.yaml' cannot be read: nope\.yaml: file not found/,
    );
    await write('app-config.yaml', 'a:\n  $include: ./other.yaml#x.y\n');
    await write('other.yaml', 'x: {}\n');
    await expect(load()).rejects.toThrow(
      "app-config.yaml:2:3: $include './other.yaml#x.y': other.yaml has no key 'x.y'",
    );
  });

  it('only includes .yaml, .yml and .json files', async () => {
    await write('app-config.yaml', 'a:\n  $include: ./x.txt\n');
    await expect(load()).rejects.toThrow(/must name a \.yaml, \.yml or \.json file/);
  });

  it('reports malformed YAML in an included file with that file and line', async () => {
    await write('app-config.yaml', 'a:\n  $include: ./bad.yaml\n');
    await write('bad.yaml', 'x:\n  y: 1\n z: 2\n');
    await expect(load()).rejects.toThrow(/^bad\.yaml:3:1: /);
  });
});

describe('APP_CONFIG_ environment overrides', () => {
  it('are merged last, with values parsed as JSON when they are JSON', async () => {
    await write('app-config.yaml', 'backend:\n  baseUrl: http://a\n  listen:\n    port: 7007\n');
    await write('app-config.local.yaml', 'backend:\n  listen:\n    port: 7010\n');
    const loaded = await load({
      env: {
        APP_CONFIG_backend_listen_port: '7008',
        APP_CONFIG_backend_baseUrl: 'http://b',
        APP_CONFIG_app_flags: '[1,"x"]',
      },
    });
    expect(loaded.data).toEqual({
      backend: { baseUrl: 'http://b', listen: { port: 7008 } },
      app: { flags: [1, 'x'] },
    });
    expect(loaded.locate('backend.listen.port')).toEqual({ file: 'APP_CONFIG_backend_listen_port' });
  });

  it('reject null values and setting both a key and one of its sub-keys', async () => {
    await write('app-config.yaml', 'a: 1\n');
    await expect(load({ env: { APP_CONFIG_a: 'null' } })).rejects.toThrow(/APP_CONFIG_a is null/);
    await expect(load({ env: { APP_CONFIG_a: '{"b":1}', APP_CONFIG_a_b: '2' } })).rejects.toThrow(
      /APP_CONFIG_a and APP_CONFIG_a_b both set 'a'/,
    );
  });
});

describe('malformed files', () => {
  it('stop loading with file:line:column and the parser message', async () => {
    await write('app-config.yaml', 'a: 1\n');
    await write('app-config.local.yaml', 'backend:\n  listen:\n    port: 1\n   host: x\n');
    await expect(load()).rejects.toThrow(/^app-config\.local\.yaml:4:\d+: /);
  });

  it('reject a root that is not a mapping', async () => {
    await write('app-config.yaml', '- a\n- b\n');
    await expect(load()).rejects.toThrow('app-config.yaml:1:1: the root of a config file must be a mapping');
  });

  it('treat an empty file as an empty object', async () => {
    await write('app-config.yaml', '# nothing yet\n');
    expect((await load()).data).toEqual({});
  });
});

describe('locate', () => {
  it('names the file, line and column of the value that won', async () => {
    await write('app-config.yaml', 'backend:\n  listen:\n    port: 7007\n    host: localhost\n');
    await write(
      'app-config.local.yaml',
      'backend:\n  listen:\n      port: 7008\ncatalog:\n  locations:\n    - target: x\n',
    );
    const loaded = await load();
    expect(loaded.locate('backend.listen.port')).toEqual({
      file: 'app-config.local.yaml',
      line: 3,
      column: 13,
    });
    expect(loaded.locate('backend.listen.host')).toEqual({ file: 'app-config.yaml', line: 4, column: 11 });
    expect(loaded.locate('catalog.locations[0].target')).toEqual({
      file: 'app-config.local.yaml',
      line: 6,
      column: 15,
    });
    expect(loaded.locate('backend.nothing')).toBeUndefined();
  });

  it('is used by the reader in type errors', async () => {
    await write('app-config.yaml', 'backend:\n  listen:\n    port: abc\n');
    const loaded = await load();
    expect(() => loaded.config.getNumber('backend.listen.port')).toThrow(
      "Invalid type in config for key 'backend.listen.port' in app-config.yaml:3:11, got string, wanted number",
    );
  });
});

describe('watching', () => {
  function nextEvent(loaded: LoadedConfig) {
    return new Promise<ConfigReloadEvent>((resolve) => {
      const subscription = loaded.subscribe((event) => {
        subscription.unsubscribe();
        resolve(event);
      });
    });
  }

  it('reloads when a file changes and notifies subscribers and config readers', async () => {
    await write('app-config.yaml', 'backend:\n  listen:\n    port: 7007\n');
    const loaded = await load({ watch: true });
    const backend = loaded.config.getConfig('backend');
    let readerNotified = false;
    loaded.config.subscribe?.(() => {
      readerNotified = true;
    });
    const event = nextEvent(loaded);
    await replace('app-config.yaml', 'backend:\n  listen:\n    port: 7008\n');
    expect((await event).type).toBe('reloaded');
    expect(readerNotified).toBe(true);
    expect(backend.getNumber('listen.port')).toBe(7008);
  });

  it('picks up a local file created after startup', async () => {
    await write('app-config.yaml', 'a: base\n');
    const loaded = await load({ watch: true });
    const event = nextEvent(loaded);
    await replace('app-config.local.yaml', 'a: local\n');
    expect((await event).type).toBe('reloaded');
    expect(loaded.data).toEqual({ a: 'local' });
  });

  it('keeps the old config and reports the error when a reload fails', async () => {
    await write('app-config.yaml', 'a: 1\n');
    const loaded = await load({ watch: true });
    const event = nextEvent(loaded);
    await replace('app-config.yaml', 'a: [1\n');
    const reported = await event;
    expect(reported.type).toBe('failed');
    expect(reported.type === 'failed' && reported.error.message).toMatch(/^app-config\.yaml:2:1: /);
    expect(loaded.data).toEqual({ a: 1 });
  });

  it('watches included files too', async () => {
    await write('app-config.yaml', 'a:\n  $include: ./part.yaml\n');
    await write('part.yaml', 'b: 1\n');
    const loaded = await load({ watch: true });
    const event = nextEvent(loaded);
    await replace('part.yaml', 'b: 2\n');
    expect((await event).type).toBe('reloaded');
    expect(loaded.data).toEqual({ a: { b: 2 } });
  });

  it('offers subscribe on the reader only when watching', async () => {
    await write('app-config.yaml', 'a: 1\n');
    expect((await load()).config.subscribe).toBeUndefined();
  });
});
