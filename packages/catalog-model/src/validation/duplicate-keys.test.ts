import { describe, expect, it } from 'vitest';
import { checkCaseDuplicateKeys, MAX_ENTITY_DEPTH } from './duplicate-keys.js';
import type { EntityValidationIssue } from './issue.js';

function check(value: unknown): EntityValidationIssue[] {
  const issues: EntityValidationIssue[] = [];
  checkCaseDuplicateKeys(value, issues);
  return issues;
}

describe('checkCaseDuplicateKeys', () => {
  it('reports keys of one object that differ only in casing, at any depth', () => {
    expect(check({ spec: { owner: 'a', Owner: 'b' } })).toEqual([
      {
        path: ['spec', 'Owner'],
        message:
          '"spec" has keys that differ only in casing: "owner" and "Owner"; keys must be unique regardless of case',
      },
    ]);
    expect(check({ spec: { list: [{ A: 1, a: 2 }] } })[0]!.path).toEqual(['spec', 'list', 0, 'a']);
    expect(check({ metadata: { annotations: { 'X/y': '1', 'x/Y': '2' } } })).toHaveLength(1);
  });

  it('accepts the same key in different objects and keys that differ otherwise', () => {
    expect(check({ a: { name: 1 }, b: { name: 2 }, Name: 3, name2: 4 })).toEqual([]);
  });

  it('reports values nested deeper than the limit instead of walking them', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < MAX_ENTITY_DEPTH + 5; level++) deep = { nested: deep };
    const issues = check(deep);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain(`more than ${MAX_ENTITY_DEPTH} levels`);
  });
});
