import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { AuditorService, Logger } from '@greenroom/backend-plugin-api';
import { parseRolesYaml } from './parse-roles-yaml.js';
import type { Role } from './roles-schema.js';
import type { RolesSource } from './roles-source.js';

/** Options of {@link FileRolesSource.load}. */
export interface FileRolesSourceOptions {
  path: string;
  logger: Logger;
  auditor: AuditorService;
  /** How long to wait after a change before reading (editors write in several steps). Default 50 ms. */
  debounceMs?: number;
}

/**
 * Roles from a YAML file, watched: a valid change applies at once; a malformed file
 * (or a missing one) keeps the previous roles, logs the error with file:line and
 * records a failed `permission-policy-reload` audit event.
 *
 * @example
 * const source = await FileRolesSource.load({ path: './roles.yaml', logger, auditor });
 * lifecycle.addShutdownHook(() => source.close());
 */
export class FileRolesSource implements RolesSource {
  readonly kind = 'file';
  readonly description: string;
  readonly #options: FileRolesSourceOptions;
  #roles: readonly Role[];
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<void> = Promise.resolve();
  #lastText: string;
  #lastReadError: string | undefined;

  /** Reads the file (a malformed or missing file throws: there is no previous policy) and starts watching. */
  static async load(options: FileRolesSourceOptions): Promise<FileRolesSource> {
    const path = resolve(options.path);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        `Cannot read the roles file ${path} (permission.policy.file): ${error.code ?? error.message}`,
      );
    });
    const source = new FileRolesSource({ ...options, path }, parseRolesYaml(text, path), text);
    source.#watch();
    return source;
  }

  private constructor(options: FileRolesSourceOptions, roles: Role[], text: string) {
    this.#options = options;
    this.description = options.path;
    this.#roles = Object.freeze(roles);
    this.#lastText = text;
  }

  current(): readonly Role[] {
    return this.#roles;
  }

  /** Stops watching. */
  close(): void {
    clearTimeout(this.#timer);
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  /** Reads the file again now (the watcher calls this; tests may too). */
  reload(): Promise<void> {
    this.#reloading = this.#reloading.then(() => this.#reload());
    return this.#reloading;
  }

  #watch(): void {
    // Watch the directory, and re-read on any change in it: editors and deploy tools replace
    // the file, and Kubernetes ConfigMaps swap a `..data` symlink next to it. An unchanged
    // file is recognised by its text and ignored.
    this.#watcher = watch(dirname(this.#options.path), () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.reload(), this.#options.debounceMs ?? 50);
    });
    this.#watcher.on('error', (error) =>
      this.#options.logger.error(`Stopped watching the roles file ${this.#options.path}`, error),
    );
  }

  async #reload(): Promise<void> {
    const { path, logger, auditor } = this.#options;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      // Report a missing file once, not on every change next to it.
      if (this.#lastReadError === code) return;
      this.#lastReadError = code;
      await this.#fail(new Error(`Cannot read the roles file ${path}: ${code}`));
      return;
    }
    this.#lastReadError = undefined;
    if (text === this.#lastText) return;
    this.#lastText = text;
    let roles: Role[];
    try {
      roles = parseRolesYaml(text, path);
    } catch (error) {
      await this.#fail(error as Error);
      return;
    }
    this.#roles = Object.freeze(roles);
    logger.info(`Permission roles reloaded from ${path}: ${roles.length} role(s)`);
    const event = await auditor.createEvent({
      eventId: 'permission-policy-reload',
      severityLevel: 'medium',
      meta: { source: path, roles: roles.map((role) => role.name) },
    });
    await event.success();
  }

  async #fail(error: Error): Promise<void> {
    const { path, logger, auditor } = this.#options;
    logger.error(`${error.message}\nThe previous permission roles stay in effect until the file is fixed.`);
    const event = await auditor.createEvent({
      eventId: 'permission-policy-reload',
      severityLevel: 'high',
      meta: { source: path },
    });
    await event.fail({ error });
  }
}
