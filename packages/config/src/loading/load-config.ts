import { isAbsolute, relative } from 'node:path';
import { InputError } from '@greenroom/errors';
import type { ConfigIssue } from '../issue.js';
import type { JsonObject } from '../json.js';
import { type ConfigLocation, configKey, type LocateConfigKey } from '../location.js';
import { parseConfigKey } from '../reading/config-key.js';
import { ConfigReader } from '../reading/config-reader.js';
import { resolveConfigFiles } from './config-files.js';
import { type ConfigNode, finalizeConfigNode, mergeConfigNodes } from './config-node.js';
import { readEnvOverrides } from './env-overrides.js';
import { readConfigFile } from './parse-config-file.js';
import { resolveConfigNode } from './resolve-includes.js';
import { watchFiles } from './watch-files.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The directory holding the app-config files; default `process.cwd()`. */
  cwd?: string;
  /** Files from `--config` flags, relative to `cwd`; when given, only these are loaded. */
  configPaths?: readonly string[];
  /** Environment for `GREENROOM_ENV`, `${VAR}`, `$env` and `APP_CONFIG_*`; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Reload when a config file (or an included file) changes. */
  watch?: boolean;
  /** How long to wait for more changes before reloading; default 100 ms. */
  watchDebounceMs?: number;
}

/** What a watching loader reports after a file changed. */
export type ConfigReloadEvent =
  | { type: 'reloaded'; warnings: readonly ConfigIssue[] }
  | { type: 'failed'; error: Error };

/** The loaded app config. With `watch`, `data`, `config` and `locate` follow reloads. */
export interface LoadedConfig {
  /** The merged config as frozen plain JSON. */
  readonly data: JsonObject;
  /** A `Config` reader over the merged config (live when watching). */
  readonly config: ConfigReader;
  /** Every file read: config files, then `$include`d and `$file` files. */
  readonly files: readonly string[];
  /** Load warnings, e.g. keys left out because an environment variable is unset. */
  readonly warnings: readonly ConfigIssue[];
  /** Where the winning value of a key was set (`backend.listen.port`, `catalog.locations[0]`). */
  locate: LocateConfigKey;
  /** Listens for reloads and failed reloads (only a watching loader emits). */
  subscribe(listener: (event: ConfigReloadEvent) => void): { unsubscribe(): void };
  /** Stops watching. */
  close(): void;
}

interface Snapshot {
  data: JsonObject;
  locations: Map<string, ConfigLocation>;
  files: string[];
  watchPaths: string[];
  warnings: ConfigIssue[];
}

/**
 * Loads the app config: the app-config files (see `resolveConfigFiles`), each with
 * `${VAR}` substitution and includes resolved, merged in order, then `APP_CONFIG_*`
 * overrides. Malformed files throw an `InputError` naming `file:line:column`.
 *
 * @example
 * const loaded = await loadConfig({ cwd: '/srv/portal' });
 * loaded.config.getNumber('backend.listen.port');
 * loaded.locate('backend.listen.port'); // { file: 'app-config.yaml', line: 3, column: 11 }
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const settings = { cwd: options.cwd ?? process.cwd(), env: options.env ?? process.env };
  const load = () => loadSnapshot({ ...settings, configPaths: options.configPaths });
  let snapshot = await load();
  const listeners = new Set<(event: ConfigReloadEvent) => void>();
  const emit = (event: ConfigReloadEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One failing subscriber must not keep the others from hearing about the change.
        process.emitWarning(`A config subscriber failed: ${(error as Error).message}`);
      }
    }
  };
  const locate: LocateConfigKey = (key) => snapshot.locations.get(configKey(parseConfigKey(key)));
  const subscribe = (listener: (event: ConfigReloadEvent) => void) => {
    listeners.add(listener);
    return { unsubscribe: () => void listeners.delete(listener) };
  };

  let watch: ReturnType<typeof watchFiles> | undefined;
  let closed = false;
  let reloading: Promise<void> | undefined;
  let again = false;
  const reload = async () => {
    try {
      const next = await load();
      if (closed) return;
      const changed = JSON.stringify(next.data) !== JSON.stringify(snapshot.data);
      if (next.watchPaths.join('\0') !== snapshot.watchPaths.join('\0')) startWatching(next.watchPaths);
      snapshot = next;
      if (changed) emit({ type: 'reloaded', warnings: next.warnings });
    } catch (error) {
      if (!closed) emit({ type: 'failed', error: error as Error });
    }
  };
  const onFileChange = () => {
    if (reloading) {
      again = true;
      return;
    }
    reloading = reload().finally(() => {
      reloading = undefined;
      if (again && !closed) {
        again = false;
        onFileChange();
      }
    });
  };
  const startWatching = (paths: string[]) => {
    watch?.close();
    watch = watchFiles(paths, onFileChange, { debounceMs: options.watchDebounceMs });
  };
  if (options.watch) startWatching(snapshot.watchPaths);

  const config = new ConfigReader(() => snapshot.data, {
    locate,
    ...(options.watch
      ? { subscribe: (onChange: () => void) => subscribe((e) => e.type === 'reloaded' && onChange()) }
      : {}),
  });
  return {
    get data() {
      return snapshot.data;
    },
    get files() {
      return snapshot.files;
    },
    get warnings() {
      return snapshot.warnings;
    },
    config,
    locate,
    subscribe,
    close() {
      closed = true;
      watch?.close();
      listeners.clear();
    },
  };
}

async function loadSnapshot(options: {
  cwd: string;
  configPaths?: readonly string[];
  env: Record<string, string | undefined>;
}): Promise<Snapshot> {
  const { files, optional } = await resolveConfigFiles(options);
  const display = (path: string) => {
    const rel = relative(options.cwd, path);
    return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  };
  const warnings: ConfigIssue[] = [];
  const filesRead = new Set<string>(files);
  let merged: ConfigNode | undefined;
  for (const file of files) {
    const node = await readConfigFile(file, display(file), { requireMapping: true });
    const resolved = await resolveConfigNode(node, [], {
      env: options.env,
      file,
      chain: [file],
      display,
      warnings,
      filesRead,
    });
    if (resolved && resolved.kind !== 'object') {
      throw new InputError(`${display(file)}: the root of a config file must be a mapping of keys to values`);
    }
    merged = mergeConfigNodes(merged, resolved);
  }
  merged = mergeConfigNodes(merged, readEnvOverrides(options.env));
  const { data, locations } = finalizeConfigNode(
    merged ?? { kind: 'object', entries: new Map(), location: { file: '' } },
  );
  return { data, locations, files: [...filesRead], watchPaths: [...filesRead, ...optional], warnings };
}
