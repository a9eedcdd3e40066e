import { parseArgs } from 'node:util';
import type { ModelFragment } from '@greenroom/catalog-model';
import type { ConfigSchemaEntry } from '@greenroom/config';
import {
  type CliCommand,
  type CliContext,
  type CliFlags,
  type CliOutput,
  UsageError,
} from './cli-command.js';
import { catalogModelCommand } from './commands/catalog-model.js';
import { catalogSchemaCommand } from './commands/catalog-schema.js';
import { catalogValidateCommand } from './commands/catalog-validate.js';
import { configCheckCommand } from './commands/config-check.js';
import { configPrintCommand } from './commands/config-print.js';
import { configSchemaCommand } from './commands/config-schema.js';
import { startCommand } from './commands/start.js';
import { overallUsage } from './usage.js';

const COMMANDS: readonly CliCommand[] = [
  configSchemaCommand,
  configCheckCommand,
  configPrintCommand,
  catalogValidateCommand,
  catalogSchemaCommand,
  catalogModelCommand,
  startCommand,
];

/**
 * What an app passes to {@link runCli}: its features' config schemas and catalog model
 * fragments, and how to start it.
 */
export interface RunCliOptions {
  /** The config schemas of the backend core and every installed plugin and module. */
  schemas: ConfigSchemaEntry[];
  /**
   * The catalog model fragments of every installed feature (built-in model included), for
   * the `catalog` commands; without them they use the built-in model alone.
   */
  modelFragments?: readonly ModelFragment[];
  /** Starts the backend, for `greenroom start`; gets the `--config` paths given to it. */
  start?: (options: { configPaths: string[] }) => Promise<void>;
  /** Default `process.cwd()`. */
  cwd?: string;
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Default `process.stdout`. */
  stdout?: CliOutput;
  /** Default `process.stderr`. */
  stderr?: CliOutput;
}

/**
 * Runs the `greenroom` command line and resolves to the exit code (0 success, 1
 * failure, 2 usage error); it never exits the process itself.
 *
 * @example
 * // bin/greenroom.mjs of an app
 * process.exitCode = await runCli(process.argv.slice(2), {
 *   schemas: collectConfigSchemas(features),
 *   modelFragments: collectModelFragments(features),
 *   start: () => backend.start(),
 * });
 */
export async function runCli(argv: readonly string[], options: RunCliOptions): Promise<number> {
  const ctx: CliContext = {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    schemas: options.schemas,
    ...(options.modelFragments ? { modelFragments: options.modelFragments } : {}),
    ...(options.start ? { start: options.start } : {}),
  };
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    (first === undefined ? ctx.stderr : ctx.stdout).write(`${overallUsage(COMMANDS)}\n`);
    return first === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.words.every((word, index) => argv[index] === word));
  if (!command) {
    const group = COMMANDS.filter((candidate) => candidate.words[0] === first);
    if (group.length > 0 && (second === undefined || second === '--help' || second === '-h')) {
      // `greenroom config` alone lists the config commands.
      (second === undefined ? ctx.stderr : ctx.stdout).write(`${overallUsage(group)}\n`);
      return second === undefined ? 2 : 0;
    }
    const asked = argv.slice(0, group.length > 0 ? 2 : 1).join(' ');
    ctx.stderr.write(`Unknown command '${asked}'\n\n${overallUsage(COMMANDS)}\n`);
    return 2;
  }
  const rest = argv.slice(command.words.length);
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.stdout.write(`${command.usage}\n`);
    return 0;
  }
  let flags: CliFlags;
  let positionals: string[];
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: command.flags,
      strict: true,
      allowPositionals: command.positionals === true,
    });
    flags = parsed.values as CliFlags;
    positionals = parsed.positionals;
  } catch (error) {
    ctx.stderr.write(`${(error as Error).message}\n\n${command.usage}\n`);
    return 2;
  }
  try {
    return await command.run(flags, ctx, positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.stderr.write(`${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    ctx.stderr.write(`${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}
