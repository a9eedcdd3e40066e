import { compileConfigSchemas, formatConfigIssues, loadConfig } from '@greenroom/config';
import type { CliCommand } from '../cli-command.js';

/**
 * `greenroom config check`: loads the config like the backend does and validates it
 * against every feature's schema. Errors (wrong types, missing keys) fail; unknown
 * keys and unset variables are warnings, unknown keys become errors with `--strict`.
 */
export const configCheckCommand: CliCommand = {
  words: ['config', 'check'],
  summary: 'Load and validate app-config against every schema',
  usage: [
    'Usage: greenroom config check [--config <path>]... [--strict]',
    '',
    'Loads app-config files the way the backend does and validates them. Exits with 1',
    'when a file cannot be loaded or a value is invalid.',
    '',
    'Options:',
    '  --config <path>  load exactly these files instead of app-config.yaml and friends',
    '                   (repeatable, in order)',
    '  --strict         treat keys that no plugin, module or the core declares as errors',
  ].join('\n'),
  flags: { config: { type: 'string', multiple: true }, strict: { type: 'boolean' } },
  async run(flags, ctx) {
    const loaded = await loadConfig({
      cwd: ctx.cwd,
      env: ctx.env,
      configPaths: (flags.config as string[] | undefined) ?? [],
    });
    loaded.close();
    const result = compileConfigSchemas(ctx.schemas).validate(loaded.data, loaded.locate);
    const errors = flags.strict ? [...result.errors, ...result.warnings] : result.errors;
    const warnings = flags.strict ? [...loaded.warnings] : [...loaded.warnings, ...result.warnings];
    if (warnings.length > 0) ctx.stderr.write(`Warnings:\n${formatConfigIssues(warnings)}\n`);
    if (errors.length > 0) ctx.stderr.write(`Errors:\n${formatConfigIssues(errors)}\n`);
    const files = loaded.files.length === 1 ? '1 file' : `${loaded.files.length} files`;
    if (errors.length > 0) {
      ctx.stderr.write(`Config is invalid: ${count(errors.length, 'error')} in ${files}\n`);
      return 1;
    }
    const noted = warnings.length > 0 ? ` (${count(warnings.length, 'warning')})` : '';
    ctx.stdout.write(`Config is valid: ${files} checked${noted}\n`);
    return 0;
  },
};

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
