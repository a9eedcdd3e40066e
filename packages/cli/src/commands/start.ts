import type { CliCommand } from '../cli-command.js';

/** `greenroom start`: starts the app's backend through the `start` function it passed to `runCli`. */
export const startCommand: CliCommand = {
  words: ['start'],
  summary: 'Start the backend',
  usage: [
    'Usage: greenroom start [--config <path>]...',
    '',
    'Starts the backend. With --config, only the named config files are loaded.',
  ].join('\n'),
  flags: { config: { type: 'string', multiple: true } },
  async run(flags, ctx) {
    if (!ctx.start) {
      ctx.stderr.write('This greenroom command was built without a backend to start.\n');
      return 1;
    }
    await ctx.start({ configPaths: (flags.config as string[] | undefined) ?? [] });
    return 0;
  },
};
