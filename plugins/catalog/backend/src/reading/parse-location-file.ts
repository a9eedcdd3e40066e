import { type Entity, parseEntityYaml, stringifyEntityRef } from '@greenroom/catalog-model';
import { annotateEntity } from './annotate-entity.js';
import type { ReadTarget } from './content-reader.js';
import { decodeText } from './content-reader.js';
import { mapConcurrently } from './map-concurrently.js';
import type { PlaceholderResolver } from './placeholder-resolver.js';
import type { ReadLocationLimits } from './read-location-limits.js';
import type { ReadEntity, ReadLocationError } from './read-location-result.js';

/** What {@link parseLocationFile} works with. */
export interface ParseLocationFileOptions {
  resolver: PlaceholderResolver;
  limits: ReadLocationLimits;
  originLocation: string;
}

/**
 * Parses one location file into annotated entities: every YAML document is an entity,
 * its placeholders are resolved, and its location annotations set. A document with a
 * problem (bad YAML, a limit, a placeholder that cannot be resolved) becomes an error
 * naming file, line and entity; the other documents are unaffected.
 *
 * @example
 * const { entities, errors } = await parseLocationFile(file, content, { resolver, limits, originLocation });
 */
export async function parseLocationFile(
  file: ReadTarget,
  content: Buffer,
  options: ParseLocationFileOptions,
): Promise<{ entities: ReadEntity[]; errors: ReadLocationError[] }> {
  const { limits } = options;
  const parsed = parseEntityYaml(decodeText(content), {
    fileName: file.target,
    maxBytes: limits.maxFileBytes,
    maxAliases: limits.maxAliases,
    maxDepth: limits.maxDepth,
  });
  const errors: ReadLocationError[] = parsed.errors.map(({ message, line, column }) => ({
    target: file.target,
    message,
    line,
    column,
  }));
  const outcomes = await mapConcurrently(parsed.entities, limits.concurrency, async (document) => {
    const problems = await options.resolver.resolve(document.entity, file);
    if (problems.length === 0) {
      const problem = annotateEntity(document.entity, file, options.originLocation);
      if (problem) problems.push(problem);
    }
    if (problems.length === 0) {
      const entity: ReadEntity = {
        entity: document.entity as unknown as Entity,
        // Lazy: a position costs a full parse of a file the fast parser read.
        get position() {
          return document.position;
        },
        target: file.target,
      };
      return { entity };
    }
    const entityRef = refOf(document.entity);
    const label = entityRef ? `entity ${entityRef}` : `document ${document.documentIndex + 1}`;
    return {
      errors: problems.map((problem): ReadLocationError => {
        const { line, column } = parsed.locate(document.documentIndex, problem.path) ?? document.position;
        return {
          target: file.target,
          message: `${file.target}:${line}:${column}: ${label}: ${problem.message}`,
          line,
          column,
          ...(entityRef ? { entityRef } : {}),
        };
      }),
    };
  });
  const entities: ReadEntity[] = [];
  for (const outcome of outcomes) {
    if (outcome.entity) entities.push(outcome.entity);
    else errors.push(...outcome.errors);
  }
  return { entities, errors };
}

function refOf(entity: Record<string, unknown>): string | undefined {
  const metadata = entity.metadata as Record<string, unknown> | undefined;
  const { kind } = entity;
  const name = metadata?.name;
  const namespace = metadata?.namespace;
  if (typeof kind !== 'string' || typeof name !== 'string' || kind === '' || name === '') return undefined;
  return stringifyEntityRef({ kind, name, ...(typeof namespace === 'string' ? { namespace } : {}) });
}
