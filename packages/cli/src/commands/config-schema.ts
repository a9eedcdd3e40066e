import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileConfigSchemas } from '@greenroom/config';
import { stringify } from 'yaml';
import { type CliCommand, formatFlag } from '../cli-command.js';
import { addYamlSchemaSetting } from '../vscode-settings.js';

const SCHEMA_FILE = 'app-config.schema.json';
const CONFIG_GLOBS = ['app-config*.yaml'];

/**
 * `greenroom config schema`: prints the merged JSON Schema of every feature's
 * config; `--write` saves it as `app-config.schema.json` and points VS Code's YAML
 * extension at it for `app-config*.yaml`.
 */
export const configSchemaCommand: CliCommand = {
  words: ['config', 'schema'],
  summary: 'Print the JSON Schema of app-config, or --write it for editors',
  usage: [
    'Usage: greenroom config schema [--format json|yaml] [--write]',
    '',
    'Prints one JSON Schema covering the config keys of the backend core and every',
    'installed plugin and module.',
    '',
    'Options:',
    '  --format json|yaml  output format (default json)',
    `  --write             write ${SCHEMA_FILE} in the current directory and add it`,
    '                      to .vscode/settings.json ("yaml.schemas") so editors',
    '                      complete and check app-config*.yaml',
  ].join('\n'),
  flags: { format: { type: 'string', default: 'json' }, write: { type: 'boolean' } },
  async run(flags, ctx) {
    const format = formatFlag(flags, ['json', 'yaml'] as const);
    const { jsonSchema } = compileConfigSchemas(ctx.schemas);
    if (!flags.write) {
      ctx.stdout.write(
        format === 'json' ? `${JSON.stringify(jsonSchema, null, 2)}\n` : stringify(jsonSchema),
      );
      return 0;
    }
    await writeFile(join(ctx.cwd, SCHEMA_FILE), `${JSON.stringify(jsonSchema, null, 2)}\n`);
    ctx.stdout.write(
      `Wrote ${SCHEMA_FILE} (config keys of ${ctx.schemas.map((s) => s.source).join(', ')})\n`,
    );
    const change = await addYamlSchemaSetting(ctx.cwd, `./${SCHEMA_FILE}`, CONFIG_GLOBS);
    const setting = `"yaml.schemas" maps ./${SCHEMA_FILE} to ${CONFIG_GLOBS.join(', ')}`;
    ctx.stdout.write(
      change === 'unchanged'
        ? `.vscode/settings.json already has ${setting}\n`
        : `${change === 'created' ? 'Created' : 'Updated'} .vscode/settings.json: ${setting}\n`,
    );
    return 0;
  },
};
