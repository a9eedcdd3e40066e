import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseYamlFast } from './fast-yaml.js';
import { parseEntityYaml } from './parse-entity-yaml.js';

const limits = { maxDepth: 64, maxDocuments: 1000 };
const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/catalog');

describe('parseYamlFast', () => {
  it('reads the example catalog to exactly what the full parser reads', () => {
    const files = readdirSync(examples).filter((name) => name.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(3);
    for (const name of files) {
      const text = readFileSync(path.join(examples, name), 'utf8');
      const full = parseAllDocuments(text).map((document) => document.toJS());
      expect(parseYamlFast(text, limits), name).toEqual(full.filter((value) => value !== null));
    }
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a merge key', 'a: { b: 1 }\nc:\n  <<: { d: 2 }\n'],
    ['a syntax error', 'a: [1, 2\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a document that is a list', '- a\n- b\n'],
    ['an empty document between entities', 'a: 1\n---\n---\nb: 2\n'],
    ['a null key', '~: c\n'],
    ['nesting deeper than the limit', `a: ${'['.repeat(70)}${']'.repeat(70)}\n`],
  ])('leaves a file with %s to the full parser', (_what, text) => {
    expect(parseYamlFast(text, limits)).toBeUndefined();
  });
});

describe('parseEntityYaml on a file the fast parser reads', () => {
  it('still gives each document its position and locates paths', () => {
    const text = 'kind: Component\nmetadata:\n  name: a\n---\n# second\nkind: API\nmetadata:\n  name: b\n';
    const parsed = parseEntityYaml(text);
    expect(parsed.entities.map((e) => e.entity.kind)).toEqual(['Component', 'API']);
    expect(parsed.entities[1]?.position).toEqual({ line: 6, column: 1 });
    expect(parsed.locate(1, ['metadata', 'name'])).toEqual({ line: 8, column: 3 });
  });
});
