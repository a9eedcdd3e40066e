/** One step into an entity: an object key or an array index. */
export type JsonPathSegment = string | number;

/**
 * One problem found in an entity: where (a JSON path into the entity) and what, in a
 * message that names the field itself so it reads well on its own.
 *
 * @example
 * const issue: EntityValidationIssue = { path: ['spec', 'owner'], message: '"spec.owner" is required' };
 */
export interface EntityValidationIssue {
  path: JsonPathSegment[];
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/**
 * Formats a JSON path the way messages show it: keys joined by dots, indices and keys that
 * are not plain words in brackets.
 *
 * @example
 * formatJsonPath(['metadata', 'annotations', 'backstage.io/techdocs-ref']); // 'metadata.annotations["backstage.io/techdocs-ref"]'
 * formatJsonPath(['spec', 'steps', 0, 'action']); // 'spec.steps[0].action'
 */
export function formatJsonPath(path: readonly JsonPathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? '<root>' : text;
}

/**
 * The message for a value that breaks a format rule:
 * `"metadata.name" is not valid; expected … but found "x"`.
 *
 * @example
 * invalidFieldMessage('metadata.name', 'a string of 1–63 characters', 'bad name!');
 * // '"metadata.name" is not valid; expected a string of 1–63 characters but found "bad name!"'
 */
export function invalidFieldMessage(field: string, expectation: string, found: unknown): string {
  return `"${field}" is not valid; expected ${expectation} but found ${describeValue(found)}`;
}

/**
 * A short rendering of a value for messages: strings quoted (long ones cut), other values
 * by JSON or type.
 *
 * @example
 * describeValue('abc'); // '"abc"'
 * describeValue({ a: 1 }); // 'an object'
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}…` : value);
  }
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}
