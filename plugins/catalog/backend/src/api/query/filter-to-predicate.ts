import type { EntityFilter, FieldFilter } from './entity-filter.js';
import type { FilterPredicate } from './predicate.js';

/**
 * Writes a filter back as a wire predicate, e.g. to keep it in a cursor. Parsing
 * the result with `parseFilterPredicate` gives an equivalent filter.
 *
 * @example
 * filterToPredicate({ key: 'kind', matches: { op: 'eq', values: ['api'] } }); // { kind: 'api' }
 */
export function filterToPredicate(filter: EntityFilter): FilterPredicate {
  if ('all' in filter) return { $all: filter.all.map(filterToPredicate) };
  if ('any' in filter) return { $any: filter.any.map(filterToPredicate) };
  if ('not' in filter) return { $not: filterToPredicate(filter.not) };
  return { [fieldKey(filter)]: fieldValue(filter) };
}

function fieldKey(filter: FieldFilter): string {
  // Parsers never produce such keys; a hand-built filter with one cannot be written as a predicate.
  if (filter.key.startsWith('$'))
    throw new Error(`Filter key '${filter.key}' cannot be written as a predicate`);
  return filter.key;
}

function fieldValue({ matches }: FieldFilter): unknown {
  switch (matches.op) {
    case 'eq':
      return matches.values.length === 1 ? matches.values[0] : { $in: matches.values };
    case 'exists':
      return { $exists: true };
    case 'hasPrefix':
      return { $hasPrefix: matches.value };
  }
}
