import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { InputError, NotAllowedError, NotFoundError } from '@greenroom/errors';

/** The config key listing the directories `file` locations may read from. */
export const FILE_DIRECTORIES_CONFIG_KEY = 'catalog.allowedFileDirectories';

/**
 * The directories `file` locations and file placeholders may read from. A path is
 * allowed when it lies inside one of them both as written and after symlinks are
 * resolved, so neither `..` nor a symlink can reach a file outside.
 *
 * @example
 * const allowed = await AllowedDirectories.create(['/srv/catalog']);
 * await allowed.resolve('/srv/catalog/all.yaml'); // '/srv/catalog/all.yaml'
 * await allowed.resolve('/srv/catalog/../secrets.yaml'); // throws NotAllowedError
 */
export class AllowedDirectories {
  readonly #written: readonly string[];
  readonly #real: readonly string[];

  private constructor(written: readonly string[], real: readonly string[]) {
    this.#written = written;
    this.#real = real;
  }

  /** Resolves each directory's real path once; directories that do not exist allow nothing. */
  static async create(directories: readonly string[]): Promise<AllowedDirectories> {
    const written = directories.map((directory) => {
      if (!path.isAbsolute(directory)) {
        throw new InputError(
          `${FILE_DIRECTORIES_CONFIG_KEY} must list absolute directories, but got '${directory}'`,
        );
      }
      return path.resolve(directory);
    });
    const real = await Promise.all(written.map((directory) => realpath(directory).catch(() => undefined)));
    return new AllowedDirectories(
      written,
      real.filter((directory) => directory !== undefined),
    );
  }

  /**
   * Whether a normalised absolute path lies inside an allowed directory, as written or
   * as resolved (`/tmp/x` and `/private/tmp/x` on macOS); symlinks are not followed here.
   */
  contains(file: string): boolean {
    const inside = (directory: string) => isInside(directory, file);
    return this.#written.some(inside) || this.#real.some(inside);
  }

  /**
   * Checks an absolute path and returns its real path. Throws `NotAllowedError` when the
   * path, or what a symlink in it points at, is outside every allowed directory, and
   * `NotFoundError` when an allowed path does not exist.
   */
  async resolve(file: string): Promise<string> {
    const normalised = path.resolve(file);
    if (!this.contains(normalised)) throw this.notAllowed(normalised);
    let real: string;
    try {
      real = await realpath(normalised);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR')
        throw new NotFoundError(`File '${normalised}' does not exist`);
      throw new NotAllowedError(`Cannot read '${normalised}': ${(error as Error).message}`);
    }
    if (!this.#real.some((directory) => isInside(directory, real))) {
      throw this.notAllowed(normalised, real);
    }
    return real;
  }

  /** The error for a path outside every allowed directory, naming the config key. */
  notAllowed(file: string, real?: string): NotAllowedError {
    const via = real && real !== file ? ` (it resolves to '${real}')` : '';
    const listed = this.#written.length === 0 ? 'none are configured' : this.#written.join(', ');
    return new NotAllowedError(
      `Reading '${file}'${via} is not allowed: files can only be read from the directories in ${FILE_DIRECTORIES_CONFIG_KEY} (${listed}). Add its directory there, or move the file`,
    );
  }
}

function isInside(directory: string, file: string): boolean {
  const relative = path.relative(directory, file);
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}
