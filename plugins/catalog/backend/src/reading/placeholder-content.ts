import type { PlaceholderKind } from '@greenroom/catalog-model';
import { InputError } from '@greenroom/errors';
import { parseAllDocuments } from 'yaml';
import { decodeText } from './content-reader.js';

/**
 * Turns a file read for a placeholder into the value that replaces it: the text, or the
 * parsed JSON or YAML (one document), bounded in alias use and nesting depth. Placeholders
 * inside the file are kept as they are, never expanded.
 *
 * @example
 * placeholderValue('json', Buffer.from('{"a":[1]}'), { maxAliases: 100, maxDepth: 64 }); // { a: [1] }
 */
export function placeholderValue(
  kind: PlaceholderKind,
  content: Buffer,
  limits: { maxAliases: number; maxDepth: number },
): unknown {
  const text = decodeText(content);
  if (kind === 'text') return text;
  let value: unknown;
  try {
    value = kind === 'json' ? JSON.parse(text) : parseSingleYaml(text, limits.maxAliases);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof RangeError) throw new InputError('the file is nested too deeply to parse');
    throw new InputError(`the file is not valid ${kind.toUpperCase()}: ${(error as Error).message}`);
  }
  checkDepth(value, limits.maxDepth);
  return value;
}

function parseSingleYaml(text: string, maxAliases: number): unknown {
  const parsed = parseAllDocuments(text, { prettyErrors: false });
  const documents = Array.isArray(parsed) ? parsed : [];
  if (documents.length > 1) {
    throw new InputError(`the file holds ${documents.length} YAML documents; a $yaml file must hold one`);
  }
  const document = documents[0];
  if (!document) return null;
  const error = document.errors[0];
  if (error) throw new InputError(`the file is not valid YAML: ${error.message}`);
  try {
    return document.toJS({ maxAliasCount: maxAliases });
  } catch (error) {
    if (error instanceof ReferenceError) {
      throw new InputError(`the file expands more than ${maxAliases} YAML aliases`);
    }
    throw error;
  }
}

function checkDepth(value: unknown, maxDepth: number): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) throw new InputError(`the content is nested more than ${maxDepth} levels deep`);
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
}
