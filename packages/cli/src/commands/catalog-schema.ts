import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { compileCliModel } from '../catalog/compile-cli-model.js';
import { type CliCommand, formatFlag } from '../cli-command.js';
import { addYamlSchemaSetting } from '../vscode-settings.js';

const SCHEMA_FILE = 'catalog-info.schema.json';
// The example catalog's entity files only: apis/ below it holds OpenAPI documents read through $text.
const ENTITY_GLOBS = ['catalog-info.yaml', '**/catalog-info.yaml', 'examples/catalog/*.yaml'];

/**
 * `greenroom catalog schema`: prints the JSON Schema of entity files for the app's
 * catalog model; `--write` saves it as `catalog-info.schema.json` and points VS Code's
 * YAML extension at it for catalog-info.yaml files and the example catalog.
 */
export const catalogSchemaCommand: CliCommand = {
  words: ['catalog', 'schema'],
  summary: 'Print the JSON Schema of entity files, or --write it for editors',
  usage: [
    'Usage: greenroom catalog schema [--format json|yaml] [--write]',
    '',
    "Prints a draft-07 JSON Schema of catalog entity files: every kind of this portal's",
    'catalog model with its spec, relation fields, annotations and labels.',
    '',
    'Options:',
    '  --format json|yaml  output format (default json)',
    `  --write             write ${SCHEMA_FILE} in the current directory and add it`,
    '                      to .vscode/settings.json ("yaml.schemas") so editors',
    `                      complete and check ${ENTITY_GLOBS.join(', ')}`,
  ].join('\n'),
  flags: { format: { type: 'string', default: 'json' }, write: { type: 'boolean' } },
  async run(flags, ctx) {
    const format = formatFlag(flags, ['json', 'yaml'] as const);
    const jsonSchema = compileCliModel(ctx).toJsonSchema();
    if (!flags.write) {
      ctx.stdout.write(
        format === 'json' ? `${JSON.stringify(jsonSchema, null, 2)}\n` : stringify(jsonSchema),
      );
      return 0;
    }
    await writeFile(join(ctx.cwd, SCHEMA_FILE), `${JSON.stringify(jsonSchema, null, 2)}\n`);
    const sources = [...new Set((ctx.modelFragments ?? []).map((fragment) => fragment.source))];
    const from = sources.length > 0 ? sources.join(', ') : 'greenroom:builtin';
    ctx.stdout.write(`Wrote ${SCHEMA_FILE} (entity model of ${from})\n`);
    const change = await addYamlSchemaSetting(ctx.cwd, `./${SCHEMA_FILE}`, ENTITY_GLOBS);
    const setting = `"yaml.schemas" maps ./${SCHEMA_FILE} to ${ENTITY_GLOBS.join(', ')}`;
    ctx.stdout.write(
      change === 'unchanged'
        ? `.vscode/settings.json already has ${setting}\n`
        : `${change === 'created' ? 'Created' : 'Updated'} .vscode/settings.json: ${setting}\n`,
    );
    return 0;
  },
};
