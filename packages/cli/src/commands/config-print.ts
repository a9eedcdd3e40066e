import {
  compileConfigSchemas,
  formatConfigIssues,
  isJsonObject,
  type JsonValue,
  loadConfig,
  REDACTED,
} from '@greenroom/config';
import { stringify } from 'yaml';
import { type CliCommand, formatFlag } from '../cli-command.js';

/** Key names that hold secrets even when no schema says so. */
const SECRET_KEY = /(password|passwd|passphrase|secrets?|tokens?|credentials?|private-?key|api-?key)$/i;

/**
 * `greenroom config print`: prints the merged config with every secret redacted —
 * values the schemas mark `secret`, and values under secret-looking key names.
 * There is deliberately no way to print secrets. `--frontend` prints only what the
 * browser gets.
 */
export const configPrintCommand: CliCommand = {
  words: ['config', 'print'],
  summary: 'Print the merged config, secrets redacted',
  usage: [
    'Usage: greenroom config print [--config <path>]... [--frontend] [--format yaml|json]',
    '',
    'Prints the config the backend would load. Secret values are always replaced by',
    `'${REDACTED}'.`,
    '',
    'Options:',
    '  --config <path>     load exactly these files (repeatable, in order)',
    '  --frontend          print only the values marked visible to the frontend',
    '  --format yaml|json  output format (default yaml)',
  ].join('\n'),
  flags: {
    config: { type: 'string', multiple: true },
    frontend: { type: 'boolean' },
    format: { type: 'string', default: 'yaml' },
  },
  async run(flags, ctx) {
    const format = formatFlag(flags, ['yaml', 'json'] as const);
    const loaded = await loadConfig({
      cwd: ctx.cwd,
      env: ctx.env,
      configPaths: (flags.config as string[] | undefined) ?? [],
    });
    loaded.close();
    if (loaded.warnings.length > 0) ctx.stderr.write(`Warnings:\n${formatConfigIssues(loaded.warnings)}\n`);
    const compiled = compileConfigSchemas(ctx.schemas);
    const view = flags.frontend ? compiled.frontendView(loaded.data) : loaded.data;
    const safe = redactSecretKeys(compiled.redact(view));
    ctx.stdout.write(format === 'json' ? `${JSON.stringify(safe, null, 2)}\n` : stringify(safe));
    return 0;
  },
};

function redactSecretKeys(value: JsonValue, secret = false): JsonValue {
  if (Array.isArray(value)) return value.map((item) => redactSecretKeys(item, secret));
  if (isJsonObject(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [key, child] of Object.entries(value))
      out[key] = redactSecretKeys(child, secret || SECRET_KEY.test(key));
    return out;
  }
  return secret && value !== null ? REDACTED : value;
}
