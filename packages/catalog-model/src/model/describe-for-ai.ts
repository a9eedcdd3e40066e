import type { CompiledModel } from './compiled-model.js';

const MAX_LISTED_ANNOTATIONS = 5;

/**
 * A concise markdown description of a compiled model for AI tools: the file format, how refs
 * are written, each kind with its required and optional spec fields, and which fields imply
 * which relations. Derived from the schemas, so plugins' kinds appear too.
 *
 * @example
 * describeModelForAi(compiled).startsWith('# Catalog entity model'); // true
 */
export function describeModelForAi(model: CompiledModel): string {
  const lines = [
    '# Catalog entity model',
    '',
    'Entity files are YAML; one file may hold several entities separated by `---`. Each entity has',
    '`apiVersion`, `kind`, `metadata` and (for all built-in kinds) `spec`; nothing else at the root.',
    '`metadata.name` is required (1–63 of `A-Za-z0-9-_.`); optional: `namespace` (lowercase, default',
    '`default`), `title`, `description`, `labels`, `annotations` (string maps), `tags` (lowercase), `links` (`{url, title}`).',
    '',
    'Entity refs: `[kind:][namespace/]name`, e.g. `group:default/payments`; canonical form is lowercase',
    '`kind:namespace/name`. In a ref field the kind may be left out when the field has a default kind,',
    "and the namespace when the target is in the entity's own namespace.",
  ];
  const common = mostCommonVersions(model);
  lines.push('', `## Kinds (apiVersion ${codeList(common)} unless noted)`);
  for (const kind of model.kinds) {
    const noted = kind.apiVersions.join() === common.join() ? '' : ` (${codeList(kind.apiVersions)})`;
    lines.push(`- **${kind.kind}**${noted}: ${describeSpec(kind.specJsonSchema, kind.specRequired)}`);
  }
  lines.push('', '## Relations (field → relation, reverse on the target)');
  const grouped = new Map<string, string[]>();
  for (const field of model.relationFields) {
    const defaultKind = field.defaultKind ? `default kind ${field.defaultKind}` : 'kind required';
    const key = `\`${field.path}\` → ${field.relation}/${field.reverse} (${defaultKind})`;
    const kinds = grouped.get(key) ?? [];
    kinds.push(field.kind);
    grouped.set(key, kinds);
  }
  for (const [key, kinds] of grouped) lines.push(`- ${kinds.join(', ')}: ${key}`);
  const annotations = [...model.annotations.keys()];
  if (annotations.length > 0) {
    const listed = annotations.slice(0, MAX_LISTED_ANNOTATIONS).map((key) => `\`${key}\``);
    const more = annotations.length - listed.length;
    lines.push('', `Well-known annotations: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`);
  }
  return `${lines.join('\n')}\n`;
}

function mostCommonVersions(model: CompiledModel): string[] {
  const counts = new Map<string, { versions: string[]; count: number }>();
  for (const kind of model.kinds) {
    const key = kind.apiVersions.join(' ');
    const entry = counts.get(key) ?? { versions: kind.apiVersions, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  let best: { versions: string[]; count: number } = { versions: [], count: 0 };
  for (const entry of counts.values()) if (entry.count > best.count) best = entry;
  return best.versions;
}

function codeList(values: readonly string[]): string {
  return values.map((value) => `\`${value}\``).join(' or ');
}

function describeSpec(schema: Record<string, unknown>, specRequired: boolean): string {
  const properties = schema.properties;
  if (typeof properties !== 'object' || properties === null) {
    return specRequired ? 'spec required (free form)' : 'spec optional (free form)';
  }
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const names = Object.keys(properties);
  const requiredNames = names.filter((name) => required.has(name));
  const optionalNames = names.filter((name) => !required.has(name));
  const parts = [];
  if (requiredNames.length > 0) parts.push(`requires ${requiredNames.join(', ')}`);
  if (optionalNames.length > 0) parts.push(`optional ${optionalNames.join(', ')}`);
  return parts.length > 0 ? `spec ${parts.join('; ')}` : 'spec may be empty';
}
