import type { ModelFragment } from '@greenroom/catalog-model';
import type { ConfigSchemaEntry } from '@greenroom/config';

/** Where a command writes; `process.stdout` and `process.stderr` fit. */
export interface CliOutput {
  write(text: string): unknown;
}

/** What every command gets to work with. */
export interface CliContext {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: CliOutput;
  stderr: CliOutput;
  schemas: readonly ConfigSchemaEntry[];
  /** The catalog model fragments of the app's features; the built-in model alone when absent. */
  modelFragments?: readonly ModelFragment[];
  start?: (options: { configPaths: string[] }) => Promise<void>;
}

/** The parsed flags of a command, as `node:util` `parseArgs` returns them. */
export type CliFlags = Record<string, string | boolean | string[] | undefined>;

/** The flags a command accepts, in `node:util` `parseArgs` form. */
export type CliFlagSpec = Record<
  string,
  { type: 'string' | 'boolean'; multiple?: boolean; short?: string; default?: string | boolean }
>;

/**
 * One `greenroom` command: its words (`['config', 'check']`), help text, flags and
 * what it does. `run` returns the exit code; it gets the arguments that are not flags
 * (file names, globs) only when `positionals` is set, else they are a usage error.
 *
 * @example
 * export const startCommand: CliCommand = {
 *   words: ['start'], summary: 'Start the backend', usage: 'greenroom start', flags: {},
 *   async run(_flags, ctx) { await ctx.start?.({ configPaths: [] }); return 0; },
 * };
 */
export interface CliCommand {
  words: readonly string[];
  summary: string;
  usage: string;
  flags: CliFlagSpec;
  /** Whether the command takes arguments besides its flags. */
  positionals?: boolean;
  run(flags: CliFlags, ctx: CliContext, positionals: readonly string[]): Promise<number>;
}

/** Thrown by a command for a wrong flag value: the CLI prints the command's usage and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Reads a `--format` flag that must be one of `allowed`. */
export function formatFlag<T extends string>(flags: CliFlags, allowed: readonly T[]): T {
  const format = flags.format;
  if (typeof format !== 'string' || !allowed.includes(format as T)) {
    throw new UsageError(`--format must be one of ${allowed.join(', ')}, got '${String(format)}'`);
  }
  return format as T;
}
