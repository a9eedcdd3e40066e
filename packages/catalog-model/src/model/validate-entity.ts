import { DEFAULT_NAMESPACE } from '../entity/entity.js';
import { tryParseEntityRef } from '../entity/entity-ref.js';
import { checkCaseDuplicateKeys } from '../validation/duplicate-keys.js';
import { type EntityValidationIssue, formatJsonPath, type JsonPathSegment } from '../validation/issue.js';
import { checkEnvelope, isPlainObject } from '../validation/validate-envelope.js';
import { checkMetadata } from '../validation/validate-metadata.js';
import { zodIssuesToEntityIssues } from '../validation/zod-issues.js';
import type { CompiledMetadataKey, CompiledModel } from './compiled-model.js';
import { installedKindsText } from './installed-kinds.js';

/**
 * How strict `validateEntity` is about the root of the entity.
 *
 * @example
 * model.validateEntity(storedEntity, { allowOutputFields: true });
 */
export interface ValidateEntityOptions {
  /**
   * Accept `relations` and `status` at the root, as on entities served by the catalog.
   * Off by default: in entity files they are rejected, as Backstage does.
   */
  allowOutputFields?: boolean;
}

/**
 * Validates an entity against a compiled model; see `CatalogModel.validateEntity`.
 *
 * @example
 * const issues = validateEntityWithModel(compiled, entity, {});
 */
export function validateEntityWithModel(
  model: CompiledModel,
  entity: unknown,
  options: ValidateEntityOptions,
): EntityValidationIssue[] {
  if (!isPlainObject(entity)) {
    return [
      {
        path: [],
        message: `An entity must be an object with apiVersion, kind, metadata and spec, not ${Array.isArray(entity) ? 'a list' : entity === null ? 'null' : `a ${typeof entity}`}`,
      },
    ];
  }
  const issues: EntityValidationIssue[] = [];
  const usable = checkEnvelope(entity, issues, options.allowOutputFields === true);
  const metadata = entity.metadata;
  checkMetadata(metadata, issues);
  if (isPlainObject(metadata)) {
    checkDeclaredValues(metadata.annotations, 'annotations', model.annotations, issues);
    checkDeclaredValues(metadata.labels, 'labels', model.labels, issues);
  }
  if (usable) checkKind(model, entity, issues);
  checkCaseDuplicateKeys(entity, issues);
  return issues;
}

function checkKind(model: CompiledModel, entity: Record<string, unknown>, issues: EntityValidationIssue[]) {
  const kind = entity.kind as string;
  const apiVersion = entity.apiVersion as string;
  const versions = model.kindVersions.get(kind);
  const declaration = versions?.get(apiVersion);
  if (!declaration) {
    const known = versions ? [...versions.keys()].join(', ') : '';
    issues.push(
      versions
        ? {
            path: ['apiVersion'],
            message: `Kind '${kind}' has no apiVersion '${apiVersion}' installed; use one of: ${known}`,
          }
        : {
            path: ['kind'],
            message: `No kind '${kind}' with apiVersion '${apiVersion}' is installed; installed kinds: ${installedKindsText(model)}`,
          },
    );
    return;
  }
  const spec = entity.spec;
  if (spec === undefined) {
    if (declaration.specRequired)
      issues.push({ path: ['spec'], message: `"spec" is required for kind ${kind}` });
    return;
  }
  if (!isPlainObject(spec)) {
    issues.push({
      path: ['spec'],
      message: `"spec" must be an object, not ${Array.isArray(spec) ? 'a list' : typeof spec}`,
    });
    return;
  }
  const before = issues.length;
  const result = declaration.spec.safeParse(spec);
  if (!result.success) issues.push(...zodIssuesToEntityIssues(result.error.issues, ['spec'], spec));
  const fields = model.relationFieldsByKind.get(kind);
  if (!fields) return;
  const metadata = entity.metadata as Record<string, unknown> | undefined;
  const ownNamespace =
    typeof metadata?.namespace === 'string' && metadata.namespace !== ''
      ? metadata.namespace
      : DEFAULT_NAMESPACE;
  for (const field of fields) {
    const value = valueAt(entity, field.segments);
    if (value === undefined || value === null) continue;
    const namespace = field.defaultNamespace === 'inherit' ? ownNamespace : field.defaultNamespace;
    if (typeof value === 'string') {
      checkRef(value, field.segments, undefined, field.defaultKind, namespace, issues, before);
    } else if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        const item = value[index];
        if (typeof item === 'string') {
          checkRef(item, field.segments, index, field.defaultKind, namespace, issues, before);
        } else {
          reportOnce([...field.segments, index], 'must be an entity ref string', issues, before, ' ');
        }
      }
    } else {
      reportOnce(field.segments, 'must be an entity ref or a list of entity refs', issues, before, ' ');
    }
  }
}

/** Checks one ref; the path is only built when there is something to report. */
function checkRef(
  ref: string,
  segments: string[],
  index: number | undefined,
  defaultKind: string | undefined,
  namespace: string,
  issues: EntityValidationIssue[],
  schemaIssuesFrom: number,
) {
  const parsed = tryParseEntityRef(ref, defaultKind, namespace);
  if (typeof parsed !== 'string') return;
  reportOnce(index === undefined ? segments : [...segments, index], parsed, issues, schemaIssuesFrom);
}

/** Adds an issue unless the spec schema already reported this path (or a part of it). */
function reportOnce(
  path: JsonPathSegment[],
  problem: string,
  issues: EntityValidationIssue[],
  from: number,
  separator = ': ',
) {
  for (let index = from; index < issues.length; index++) {
    const reported = issues[index]!.path;
    if (reported.length <= path.length && reported.every((segment, at) => segment === path[at])) return;
  }
  issues.push({ path: [...path], message: `"${formatJsonPath(path)}"${separator}${problem}` });
}

function checkDeclaredValues(
  map: unknown,
  field: 'annotations' | 'labels',
  declared: Map<string, CompiledMetadataKey>,
  issues: EntityValidationIssue[],
) {
  if (!isPlainObject(map) || declared.size === 0) return;
  for (const key in map) {
    const schema = declared.get(key)?.value;
    if (!schema) continue;
    const result = schema.safeParse(map[key]);
    if (!result.success) {
      issues.push(...zodIssuesToEntityIssues(result.error.issues, ['metadata', field, key], map[key]));
    }
  }
}

function valueAt(root: Record<string, unknown>, segments: readonly string[]): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    if (!isPlainObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}
