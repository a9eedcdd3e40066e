// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is app-config syntax, not a mistaken template
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config, LifecycleHook, RootLifecycle } from '@greenroom/backend-plugin-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRootConfigServiceFactory, rootConfigServiceFactory } from './root-config-service-factory.js';

/** Records hooks so the test can run them like the backend does at shutdown. */
class RecordingLifecycle implements RootLifecycle {
  readonly shutdownHooks: LifecycleHook[] = [];
  addStartupHook() {}
  addBeforeShutdownHook() {}
  addShutdownHook(hook: LifecycleHook) {
    this.shutdownHooks.push(hook);
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'greenroom-root-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function build(
  factory: ReturnType<typeof createRootConfigServiceFactory>,
  lifecycle = new RecordingLifecycle(),
) {
  return (await factory.factory({ lifecycle }, undefined)) as Config;
}

describe('root config service factory', () => {
  it('provides coreServices.rootConfig and depends only on root services', () => {
    expect(rootConfigServiceFactory.service.id).toBe('core.rootConfig');
    expect(Object.values(rootConfigServiceFactory.deps).every((dep) => dep.scope === 'root')).toBe(true);
  });

  it('wraps given data without touching the file system', async () => {
    const config = await build(
      createRootConfigServiceFactory({ cwd: dir, data: { backend: { baseUrl: 'http://x' } } }),
    );
    expect(config.getString('backend.baseUrl')).toBe('http://x');
  });

  it('loads app-config files from cwd with the given environment', async () => {
    await writeFile(join(dir, 'app-config.yaml'), 'backend:\n  listen:\n    port: ${PORT}\n');
    const config = await build(createRootConfigServiceFactory({ cwd: dir, env: { PORT: '7010' }, argv: [] }));
    expect(config.getNumber('backend.listen.port')).toBe(7010);
  });

  it('loads the files named by --config flags in argv', async () => {
    await writeFile(join(dir, 'app-config.yaml'), 'a: default\n');
    await writeFile(join(dir, 'other.yaml'), 'a: other\n');
    const config = await build(
      createRootConfigServiceFactory({ cwd: dir, env: {}, argv: ['--config=other.yaml'] }),
    );
    expect(config.getString('a')).toBe('other');
  });

  it('loads only the given config paths', async () => {
    await writeFile(join(dir, 'app-config.yaml'), 'a: default\n');
    await writeFile(join(dir, 'other.yaml'), 'a: other\n');
    const config = await build(
      createRootConfigServiceFactory({ cwd: dir, env: {}, configPaths: ['other.yaml'] }),
    );
    expect(config.getString('a')).toBe('other');
  });

  it('reports load warnings, such as keys left out for unset variables', async () => {
    await writeFile(join(dir, 'app-config.yaml'), 'a: ${UNSET}\n');
    const reported: string[] = [];
    await build(
      createRootConfigServiceFactory({ cwd: dir, env: {}, argv: [], report: (m) => reported.push(m) }),
    );
    expect(reported).toEqual([
      'Warning:\napp-config.yaml:1:4 a: environment variable UNSET is not set, so the key is left out',
    ]);
  });

  it('fails with the file and line of malformed config', async () => {
    await writeFile(join(dir, 'app-config.yaml'), 'a: [1\n');
    await expect(build(createRootConfigServiceFactory({ cwd: dir, env: {}, argv: [] }))).rejects.toThrow(
      /^app-config\.yaml:2:1: /,
    );
  });

  it('when watching, notifies subscribers of changes and closes the watchers at shutdown', async () => {
    await writeFile(join(dir, 'app-config.yaml'), 'a: 1\n');
    const lifecycle = new RecordingLifecycle();
    const config = await build(
      createRootConfigServiceFactory({ cwd: dir, env: {}, argv: [], watch: true }),
      lifecycle,
    );
    const changed = new Promise<void>((resolve) => config.subscribe?.(resolve));
    await writeFile(join(dir, 'next.yaml'), 'a: 2\n');
    await rename(join(dir, 'next.yaml'), join(dir, 'app-config.yaml'));
    await changed;
    expect(config.getNumber('a')).toBe(2);
    expect(lifecycle.shutdownHooks).toHaveLength(1);
    await lifecycle.shutdownHooks[0]!();
  });
});
