import { describe, expect, it } from 'vitest';
import { entityArrayBytes, entityJson } from './entity-json.js';

const stored = [
  '{"kind":"Component","metadata":{"name":"a","title":"Zürich ☕ 🚀"}}',
  '{"kind":"API","metadata":{"name":"b"}}',
];

describe('entityArrayBytes', () => {
  it('writes stored JSON as is between prefix and suffix, multi-byte characters included', () => {
    const bytes = entityArrayBytes(
      '{"items":',
      [stored[0]!, null, stored[1]!],
      undefined,
      ',"totalItems":2}',
    );
    expect(bytes.toString('utf8')).toBe(`{"items":[${stored[0]},null,${stored[1]}],"totalItems":2}`);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({
      items: [JSON.parse(stored[0]!), null, JSON.parse(stored[1]!)],
      totalItems: 2,
    });
  });

  it('projects every item to the fields asked for', () => {
    const bytes = entityArrayBytes('{"items":', stored, ['metadata.title'], '}');
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({
      items: [{ metadata: { title: 'Zürich ☕ 🚀' } }, {}],
    });
  });

  it('writes an empty array', () => {
    expect(entityArrayBytes('{"items":', [], undefined, '}').toString('utf8')).toBe('{"items":[]}');
  });
});

describe('entityJson', () => {
  it('returns the stored JSON unchanged without fields', () => {
    expect(entityJson(undefined)(stored[1]!)).toBe(stored[1]);
  });
});
