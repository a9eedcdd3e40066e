import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError } from '@greenroom/errors';

const ENV_NAME = /^[a-z0-9][a-z0-9-]*$/i;

/** The config files to load, in order, and optional files that may appear later (watched). */
export interface ConfigFileSet {
  files: string[];
  optional: string[];
}

/**
 * Decides which config files to load. With `configPaths` (from `--config` flags):
 * exactly those files, in order, relative to `cwd`. Without: `app-config.yaml`
 * (required), then `app-config.<env>.yaml` for each name in `GREENROOM_ENV`
 * (comma-separated; required, since it was asked for), then `app-config.local.yaml`
 * and `app-config.<env>.local.yaml` when present.
 *
 * @example
 * await resolveConfigFiles({ cwd: '/srv/portal', env: { GREENROOM_ENV: 'production' } });
 * // { files: ['/srv/portal/app-config.yaml', '/srv/portal/app-config.production.yaml'], optional: [...] }
 */
export async function resolveConfigFiles(options: {
  cwd: string;
  configPaths?: readonly string[];
  env: Record<string, string | undefined>;
}): Promise<ConfigFileSet> {
  const { cwd } = options;
  if (options.configPaths && options.configPaths.length > 0) {
    const files = options.configPaths.map((path) => resolve(cwd, path));
    for (const [index, file] of files.entries()) {
      if (!(await exists(file))) {
        throw new InputError(
          `Config file '${options.configPaths[index]}' (from --config) does not exist: ${file}`,
        );
      }
    }
    return { files, optional: [] };
  }
  const base = resolve(cwd, 'app-config.yaml');
  if (!(await exists(base))) {
    throw new InputError(
      `No app-config.yaml in ${cwd}: create one, run from the directory that holds it, or pass --config <path>`,
    );
  }
  const envNames = (options.env.GREENROOM_ENV ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of envNames) {
    if (!ENV_NAME.test(name)) {
      throw new InputError(
        `GREENROOM_ENV names '${name}', which is not a valid environment name: use letters, digits and dashes`,
      );
    }
  }
  const files = [base];
  for (const name of envNames) {
    const file = resolve(cwd, `app-config.${name}.yaml`);
    if (!(await exists(file))) {
      throw new InputError(
        `GREENROOM_ENV=${name} asks for app-config.${name}.yaml, but ${file} does not exist`,
      );
    }
    files.push(file);
  }
  const optional: string[] = [];
  for (const file of ['local', ...envNames.map((name) => `${name}.local`)].map((suffix) =>
    resolve(cwd, `app-config.${suffix}.yaml`),
  )) {
    if (await exists(file)) files.push(file);
    else optional.push(file);
  }
  return { files, optional };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
