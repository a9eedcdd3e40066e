import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError } from '@greenroom/errors';
import { escapePath, glob, isDynamicPattern } from 'tinyglobby';

/** Never searched by a glob: dependencies and VCS internals hold no catalog of this repository. */
const IGNORED = ['**/node_modules/**', '**/.git/**'];

/**
 * The files named by command line arguments, absolute, each once, in argument order (a
 * glob's matches sorted). An argument is a file, a directory (meaning every `*.yaml` and
 * `*.yml` file below it) or a glob (`catalog/**\/*.yaml`, matched by tinyglobby, outside
 * `node_modules` and `.git`). An argument that names nothing is an `InputError`: a typo in
 * a CI job must not turn into a check of nothing.
 *
 * @example
 * await expandFileArguments(['catalog-info.yaml', 'examples/catalog/**\/*.yaml'], '/srv/repo');
 * // ['/srv/repo/catalog-info.yaml', '/srv/repo/examples/catalog/all.yaml', …]
 */
export async function expandFileArguments(args: readonly string[], cwd: string): Promise<string[]> {
  const files = new Set<string>();
  for (const arg of args) {
    for (const file of await expandOne(arg, cwd)) files.add(file);
  }
  return [...files];
}

async function expandOne(arg: string, cwd: string): Promise<string[]> {
  const absolute = resolve(cwd, arg);
  const stats = await stat(absolute).catch(() => undefined);
  if (stats?.isFile()) return [absolute];
  const pattern = stats?.isDirectory() ? `${escapePath(arg.replace(/\/+$/, ''))}/**/*.{yaml,yml}` : arg;
  if (!stats && !isDynamicPattern(arg)) {
    throw new InputError(`${arg}: no such file or directory (looked in ${cwd})`);
  }
  const matches = await glob(pattern, {
    cwd,
    absolute: true,
    onlyFiles: true,
    expandDirectories: false,
    ignore: IGNORED,
  });
  if (matches.length === 0) {
    const what = stats ? `The directory ${arg} holds no .yaml or .yml files` : `No files match '${arg}'`;
    throw new InputError(
      `${what} (looked in ${cwd}); check the path, and quote globs so that the shell leaves them to greenroom`,
    );
  }
  return matches.map((match) => resolve(match)).sort();
}
