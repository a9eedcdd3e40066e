import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import {
  type CatalogModel,
  type Entity,
  type EntityValidationIssue,
  formatJsonPath,
  type JsonPathSegment,
  type ParsedEntityYaml,
  parseEntityYaml,
  stringifyEntityRef,
} from '@greenroom/catalog-model';
import { type FilledPlaceholders, fillPlaceholders } from './placeholder-content.js';

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const READ_CONCURRENCY = 16;

/** One problem in an entity file, where it is and what is wrong. */
export interface CatalogProblem {
  /** The file as given, relative to the working directory. */
  file: string;
  line: number;
  column: number;
  /** The JSON path of the problem in the entity; null for YAML errors and whole-file problems. */
  path: string | null;
  message: string;
  /** The entity's ref, when it has a kind and a name. */
  entityRef?: string;
}

/** What {@link validateEntityFiles} found. */
export interface CatalogValidationReport {
  /** Files checked, including {@link contentFiles}. */
  files: number;
  /** Files that placeholders (`$text: ./openapi.yaml`) of other files read: content, not entities. */
  contentFiles: number;
  entities: number;
  problems: CatalogProblem[];
}

interface ReadFile {
  file: string;
  shown: string;
  parsed?: ParsedEntityYaml;
  tooLarge?: boolean;
  filled: FilledPlaceholders[];
}

/**
 * Checks entity files the way the catalog would read them: parses every YAML document
 * (bounded in size, aliases and depth), fills `$text`/`$json`/`$yaml` placeholders from
 * local files, validates each entity against the model and reports entity refs defined
 * twice. Location entities are validated, but their targets are not read. Files that other
 * files' placeholders read (an OpenAPI document matched by the same glob) are not entities
 * and are not validated as such.
 *
 * @example
 * const report = await validateEntityFiles(['/repo/catalog-info.yaml'], model, '/repo');
 * report.problems; // [{ file: 'catalog-info.yaml', line: 4, column: 9, path: 'metadata.name', message: '…' }]
 */
export async function validateEntityFiles(
  files: readonly string[],
  model: CatalogModel,
  cwd: string,
): Promise<CatalogValidationReport> {
  const read: ReadFile[] = [];
  for (let start = 0; start < files.length; start += READ_CONCURRENCY) {
    const batch = files.slice(start, start + READ_CONCURRENCY);
    read.push(...(await Promise.all(batch.map((file) => readEntityFile(file, cwd)))));
  }
  const contentFiles = new Set(read.flatMap((file) => file.filled.flatMap((filled) => filled.contentFiles)));
  const report: CatalogValidationReport = { files: files.length, contentFiles: 0, entities: 0, problems: [] };
  const firstDefinition = new Map<string, string>();
  for (const { file, shown, parsed, tooLarge, filled } of read) {
    if (contentFiles.has(file)) {
      report.contentFiles++;
      continue;
    }
    const problems: CatalogProblem[] = [];
    if (tooLarge || !parsed) {
      const message = `the file is larger than ${MAX_FILE_BYTES} bytes; split it into several files`;
      report.problems.push({ file: shown, line: 1, column: 1, path: null, message });
      continue;
    }
    for (const error of parsed.errors) {
      const { line, column } = error;
      problems.push({
        file: shown,
        line,
        column,
        path: null,
        message: withoutFileName(error.message, shown),
      });
    }
    parsed.entities.forEach(({ entity, documentIndex, position }, index) => {
      if (!('apiVersion' in entity || 'kind' in entity || 'metadata' in entity)) {
        // An OpenAPI document or other YAML matched by a broad glob: one line, not one per root key.
        const message = `document ${documentIndex + 1} is not an entity: it has no apiVersion, kind or metadata; leave the file out, or pull it into an entity with $text`;
        problems.push({ file: shown, ...position, path: null, message });
        return;
      }
      report.entities++;
      const entityRef = refOf(entity, model);
      const at = (path: JsonPathSegment[]) => parsed.locate(documentIndex, path) ?? position;
      const problem = (issue: EntityValidationIssue): CatalogProblem => ({
        file: shown,
        ...at(issue.path),
        path: formatJsonPath(issue.path),
        message: issue.message,
        ...(entityRef ? { entityRef } : {}),
      });
      const { problems: placeholderProblems, unchecked } = filled[index]!;
      const issues = model
        .validateEntity(entity)
        .filter((issue) => !unchecked.some((site) => startsWith(issue.path, site)));
      problems.push(...placeholderProblems.map(problem), ...issues.map(problem));
      if (!entityRef) return;
      const where = at(['metadata', 'name']);
      const first = firstDefinition.get(entityRef);
      if (first === undefined) {
        firstDefinition.set(entityRef, `${shown}:${where.line}:${where.column}`);
      } else {
        const message = `${entityRef} is defined twice, first at ${first}; entity refs ignore case, so rename or remove one`;
        problems.push(problem({ path: ['metadata', 'name'], message }));
      }
    });
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    report.problems.push(...problems);
  }
  return report;
}

async function readEntityFile(file: string, cwd: string): Promise<ReadFile> {
  const shown = relative(cwd, file) || file;
  if ((await stat(file)).size > MAX_FILE_BYTES) return { file, shown, tooLarge: true, filled: [] };
  const parsed = parseEntityYaml(await readFile(file, 'utf8'), { fileName: shown, maxBytes: MAX_FILE_BYTES });
  const filled: FilledPlaceholders[] = [];
  for (const { entity } of parsed.entities) filled.push(await fillPlaceholders(entity, file, cwd));
  return { file, shown, parsed, filled };
}

/** The canonical ref of an entity that has a kind and a name, namespace defaulted. */
function refOf(entity: Record<string, unknown>, model: CatalogModel): string | undefined {
  const metadata = entity.metadata as Record<string, unknown> | undefined;
  if (typeof entity.kind !== 'string' || entity.kind === '') return undefined;
  if (typeof metadata !== 'object' || metadata === null || typeof metadata.name !== 'string')
    return undefined;
  if (metadata.name === '' || (metadata.namespace !== undefined && typeof metadata.namespace !== 'string')) {
    return undefined;
  }
  return stringifyEntityRef(model.normalizeEntity(entity as unknown as Entity));
}

function startsWith(path: readonly JsonPathSegment[], prefix: readonly JsonPathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

/** parseEntityYaml prefixes messages with the file name, which the problem line already shows. */
function withoutFileName(message: string, shown: string): string {
  return message.startsWith(shown) ? message.slice(shown.length).replace(/^(: |, )/, '') : message;
}
