import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, stableHash, textHash } from './stable-hash.js';

describe('stableHash', () => {
  it('is the SHA-1 of the JSON text with sorted keys', () => {
    const expected = createHash('sha1').update('{"a":[2,null],"b":{"c":"x","d":true}}').digest('hex');
    expect(stableHash({ b: { d: true, c: 'x' }, a: [2, undefined] })).toBe(expected);
  });

  it('hashes equal values equally whatever their key order', () => {
    const one = {
      kind: 'Component',
      metadata: { name: 'a', labels: { x: '1', y: '2' } },
      spec: [1, { q: 1, p: 2 }],
    };
    const two = {
      spec: [1, { p: 2, q: 1 }],
      metadata: { labels: { y: '2', x: '1' }, name: 'a' },
      kind: 'Component',
    };
    expect(stableHash(one)).toBe(stableHash(two));
    expect(stableHash(one)).not.toBe(stableHash({ ...one, kind: 'API' }));
  });

  it('leaves out keys whose value is undefined, as JSON.stringify does', () => {
    expect(stableHash({ a: 1, b: undefined })).toBe(stableHash({ a: 1 }));
  });

  it('writes the same text as JSON.stringify for values with sorted keys', () => {
    const value = { a: 'quote " and \\ and \n', b: [1.5, -0, null, false, 'é😀'], c: { d: {} }, e: [] };
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
    expect(canonicalJson('x')).toBe('"x"');
    expect(canonicalJson(undefined)).toBe('null');
  });
});

describe('textHash', () => {
  it('is the SHA-1 of the text as given, so key order counts', () => {
    const text = '{"b":1,"a":2}';
    expect(textHash(text)).toBe(createHash('sha1').update(text).digest('hex'));
    expect(textHash(text)).not.toBe(textHash('{"a":2,"b":1}'));
  });
});
