import type { CliCommand } from './cli-command.js';

/** The overview printed by `greenroom --help` and for unknown commands. */
export function overallUsage(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.words.join(' ').length));
  return [
    'Usage: greenroom <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.words.join(' ').padEnd(width)}  ${command.summary}`),
    '',
    "Run 'greenroom <command> --help' for a command's options.",
  ].join('\n');
}
