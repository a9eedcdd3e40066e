import { type Config, coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { ConfigReader, formatConfigIssues, type JsonObject, loadConfig } from '@greenroom/config';
import { parseConfigArgs } from './parse-config-args.js';

/** Options of {@link createRootConfigServiceFactory}. */
export interface RootConfigServiceOptions {
  /** The directory holding the app-config files; default `process.cwd()`. */
  cwd?: string;
  /** Config files to load instead of the defaults; default: the `--config` flags in `argv`. */
  configPaths?: string[];
  /** Command-line arguments to read `--config` flags from; default `process.argv.slice(2)`. */
  argv?: readonly string[];
  /** Environment for `GREENROOM_ENV`, `${VAR}` and `APP_CONFIG_*`; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Reload when config files change; readers then offer `subscribe`. */
  watch?: boolean;
  /** Use this config instead of loading files (for tests). */
  data?: JsonObject;
  /**
   * Where load warnings and failed reloads are reported. The root logger is built
   * from config, so it cannot be used here; default: a line on stderr.
   */
  report?: (message: string) => void;
}

/**
 * Creates the factory for `coreServices.rootConfig`: loads the app-config files (see
 * `loadConfig` in `@greenroom/config`) or wraps `data`. With `watch`, watchers close
 * in a root shutdown hook.
 *
 * @example
 * backend.add(createRootConfigServiceFactory({ data: { backend: { baseUrl: 'http://localhost:7007' } } }));
 */
export function createRootConfigServiceFactory(options: RootConfigServiceOptions = {}) {
  const report = options.report ?? ((message: string) => process.stderr.write(`[config] ${message}\n`));
  return createServiceFactory({
    service: coreServices.rootConfig,
    deps: { lifecycle: coreServices.rootLifecycle },
    async factory({ lifecycle }): Promise<Config> {
      if (options.data) return new ConfigReader(options.data);
      const fromArgs = parseConfigArgs(options.argv ?? process.argv.slice(2));
      const loaded = await loadConfig({
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.env ? { env: options.env } : {}),
        configPaths: options.configPaths ?? (fromArgs.length > 0 ? fromArgs : undefined),
        watch: options.watch ?? false,
      });
      if (loaded.warnings.length > 0) report(`Warning:\n${formatConfigIssues(loaded.warnings)}`);
      if (options.watch) {
        loaded.subscribe((event) => {
          if (event.type === 'failed')
            report(`Reload failed, keeping the previous config: ${event.error.message}`);
          else if (event.warnings.length > 0)
            report(`Reloaded with warnings:\n${formatConfigIssues(event.warnings)}`);
        });
        lifecycle.addShutdownHook(() => loaded.close(), { label: 'close config file watchers' });
      }
      return loaded.config;
    },
  });
}

/**
 * The default root config service: loads app-config files from the working
 * directory, or the files named by `--config` flags.
 */
export const rootConfigServiceFactory = createRootConfigServiceFactory();
