import { compileCliModel } from '../catalog/compile-cli-model.js';
import { expandFileArguments } from '../catalog/expand-file-arguments.js';
import { type CatalogValidationReport, validateEntityFiles } from '../catalog/validate-entity-files.js';
import { type CliCommand, formatFlag, UsageError } from '../cli-command.js';

/**
 * `greenroom catalog validate <files|globs…>`: checks entity files against the app's
 * catalog model without a backend, one line per problem with file, line and column, for
 * CI and pre-commit hooks. Exits with 1 on any problem.
 */
export const catalogValidateCommand: CliCommand = {
  words: ['catalog', 'validate'],
  summary: 'Check catalog entity files against the entity model',
  usage: [
    'Usage: greenroom catalog validate <file|dir|glob>... [--format text|json]',
    '',
    'Parses every YAML document of the files as an entity and validates it against the',
    "catalog model of this portal's plugins and modules, the way the catalog reads them:",
    '$text/$json/$yaml placeholders are filled from local files (URLs are not fetched),',
    'Location entities are validated but their targets are not followed, and an entity',
    'ref defined twice is a problem. A directory means every .yaml and .yml file below it.',
    "Quote globs so that the shell does not expand them: 'catalog/**/*.yaml'.",
    '',
    'Exits with 1 when there is a problem or an argument matches no file.',
    '',
    'Options:',
    '  --format text|json  text: file:line:column, JSON path and message per problem,',
    '                      then a summary (default); json: an array of problems on',
    '                      stdout ({ file, line, column, path, message, entityRef })',
  ].join('\n'),
  flags: { format: { type: 'string', default: 'text' } },
  positionals: true,
  async run(flags, ctx, args) {
    const format = formatFlag(flags, ['text', 'json'] as const);
    if (args.length === 0) throw new UsageError('Name the entity files to check, e.g. catalog-info.yaml');
    const model = compileCliModel(ctx);
    const files = await expandFileArguments(args, ctx.cwd);
    const report = await validateEntityFiles(files, model, ctx.cwd);
    if (format === 'json') {
      ctx.stdout.write(`${JSON.stringify(report.problems, null, 2)}\n`);
      ctx.stderr.write(`${summary(report)}\n`);
    } else if (report.problems.length > 0) {
      const lines = report.problems.map(
        (problem) =>
          `${problem.file}:${problem.line}:${problem.column}  ${problem.path ?? '-'}  ${problem.message}`,
      );
      ctx.stderr.write(`${lines.join('\n')}\n${summary(report)}\n`);
    } else {
      ctx.stdout.write(`${summary(report)}\n`);
    }
    return report.problems.length > 0 ? 1 : 0;
  },
};

function summary(report: CatalogValidationReport): string {
  const content = report.contentFiles > 0 ? ` (${report.contentFiles} read as placeholder content)` : '';
  return `${count(report.files, 'file')}${content}, ${count(report.entities, 'entity', 'entities')}, ${count(report.problems.length, 'problem')}`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
