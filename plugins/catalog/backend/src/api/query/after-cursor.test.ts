import { describe, expect, it } from 'vitest';
import { decodeAfterCursor, encodeAfterCursor } from './after-cursor.js';
import { encodeBase64Json } from './base64-json.js';

describe('after cursors of GET /entities', () => {
  it("encode base64 JSON { limit, offset } exactly like Backstage's link header", () => {
    expect(encodeAfterCursor({ limit: 10, offset: 20 })).toBe('eyJsaW1pdCI6MTAsIm9mZnNldCI6MjB9');
  });

  it('round-trip', () => {
    expect(decodeAfterCursor(encodeAfterCursor({ limit: 500, offset: 1500 }))).toEqual({
      limit: 500,
      offset: 1500,
    });
  });

  it('accept cursors carrying only one of the two numbers', () => {
    expect(decodeAfterCursor(encodeBase64Json({ offset: 3 }))).toEqual({ offset: 3 });
  });

  it.each<[string, string, RegExp]>([
    ['garbage', '%%%', /^Malformed after cursor: not base64/],
    ['a fractional limit', encodeBase64Json({ limit: 1.5, offset: 0 }), /^Malformed after cursor: limit: /],
    ['a negative offset', encodeBase64Json({ limit: 1, offset: -1 }), /^Malformed after cursor: offset: /],
    ['a zero limit', encodeBase64Json({ limit: 0 }), /^Malformed after cursor: limit: /],
  ])('reject %s with a 400', (_name, after, message) => {
    expect(() => decodeAfterCursor(after)).toThrow(message);
  });
});
