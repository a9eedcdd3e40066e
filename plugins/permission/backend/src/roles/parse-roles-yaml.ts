import { InputError } from '@greenroom/errors';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { type Role, rolesFileSchema } from './roles-schema.js';

/**
 * Parses and validates a roles file. Every problem is reported as
 * `<file>:<line>:<column>: <message>` (YAML syntax errors and schema errors alike),
 * in one `InputError`.
 *
 * @example
 * const roles = parseRolesYaml(await readFile('roles.yaml', 'utf8'), 'roles.yaml');
 */
export function parseRolesYaml(text: string, fileName: string): Role[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (offset: number | undefined): string => {
    if (offset === undefined) return fileName;
    const { line, col } = lineCounter.linePos(offset);
    return `${fileName}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) => `${where(error.pos[0])}: ${error.message.split('\n')[0]}`);
    throw new InputError(`Invalid roles file ${fileName}:\n${problems.join('\n')}`);
  }
  const parsed = rolesFileSchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return parsed.data.roles;
  const problems = parsed.error.issues.map((issue) => {
    // The deepest node that exists on the issue's path gives the line.
    let node: unknown;
    for (let depth = issue.path.length; depth >= 0 && !isNode(node); depth--) {
      node = depth === 0 ? doc.contents : doc.getIn(issue.path.slice(0, depth) as (string | number)[], true);
    }
    const offset = isNode(node) ? node.range?.[0] : undefined;
    const path = issue.path.length > 0 ? ` (at ${issue.path.join('.')})` : '';
    return `${where(offset)}: ${issue.message}${path}`;
  });
  throw new InputError(`Invalid roles file ${fileName}:\n${problems.join('\n')}`);
}
