import { compileCliModel } from '../catalog/compile-cli-model.js';
import { type CliCommand, formatFlag } from '../cli-command.js';

/**
 * `greenroom catalog model`: describes the app's catalog model — kinds, relations,
 * relation fields, annotations and labels with their sources — as markdown for people
 * and AI tools, or as the JSON that `GET /api/catalog/model` serves.
 */
export const catalogModelCommand: CliCommand = {
  words: ['catalog', 'model'],
  summary: 'Describe the entity model: kinds, relations, annotations',
  usage: [
    'Usage: greenroom catalog model [--format markdown|json]',
    '',
    "Describes the catalog model of this portal's plugins and modules.",
    '',
    'Options:',
    '  --format markdown|json  markdown: a short summary for people and AI tools (default);',
    '                          json: kinds with spec schemas, relations and their sources',
  ].join('\n'),
  flags: { format: { type: 'string', default: 'markdown' } },
  async run(flags, ctx) {
    const format = formatFlag(flags, ['markdown', 'json'] as const);
    const model = compileCliModel(ctx);
    ctx.stdout.write(
      format === 'json'
        ? `${JSON.stringify(model.introspect(), null, 2)}\n`
        : ensureNewline(model.describeForAi()),
    );
    return 0;
  },
};

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
