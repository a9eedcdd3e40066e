import { parseArgs } from 'node:util';
import type { ConfigSchemaEntry } from '@greenroom/config';
import {
  type CliCommand,
  type CliContext,
  type CliFlags,
  type CliOutput,
  UsageError,
} from './cli-command.js';
import { configCheckCommand } from './commands/config-check.js';
import { configPrintCommand } from './commands/config-print.js';
import { configSchemaCommand } from './commands/config-schema.js';
import { startCommand } from './commands/start.js';
import { overallUsage } from './usage.js';

const COMMANDS: readonly CliCommand[] = [
  configSchemaCommand,
  configCheckCommand,
  configPrintCommand,
  startCommand,
];

/** What an app passes to {@link runCli}: its features' config schemas and how to start it. */
export interface RunCliOptions {
  /** The config schemas of the backend core and every installed plugin and module. */
  schemas: ConfigSchemaEntry[];
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
 * process.exitCode = await runCli(process.argv.slice(2), { schemas, start: () => backend.start() });
 */
export async function runCli(argv: readonly string[], options: RunCliOptions): Promise<number> {
  const ctx: CliContext = {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    schemas: options.schemas,
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
  try {
    flags = parseArgs({ args: [...rest], options: command.flags, strict: true, allowPositionals: false })
      .values as CliFlags;
  } catch (error) {
    ctx.stderr.write(`${(error as Error).message}\n\n${command.usage}\n`);
    return 2;
  }
  try {
    return await command.run(flags, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.stderr.write(`${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    ctx.stderr.write(`${(error as Error).message ?? String(error)}\n`);
    return 1;
  }
}
