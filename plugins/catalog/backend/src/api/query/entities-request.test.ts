import { describe, expect, it } from 'vitest';
import { encodeAfterCursor } from './after-cursor.js';
import { parseGetEntitiesRequest } from './entities-request.js';

describe('parseGetEntitiesRequest', () => {
  it('asks for every entity, streamed, when no paging parameter is given', () => {
    expect(parseGetEntitiesRequest({})).toEqual({ order: [] });
    expect(parseGetEntitiesRequest(undefined)).toEqual({ order: [] });
  });

  it('pages by offset when only offset is given', () => {
    expect(parseGetEntitiesRequest({ offset: '30' })).toEqual({ order: [], page: { offset: 30 } });
  });

  it('lets the after cursor override limit and offset', () => {
    const after = encodeAfterCursor({ limit: 5, offset: 15 });
    expect(parseGetEntitiesRequest({ after, limit: '100', offset: '0' }).page).toEqual({
      offset: 15,
      limit: 5,
    });
  });

  it('treats an empty after as absent', () => {
    expect(parseGetEntitiesRequest({ after: '' })).toEqual({ order: [] });
  });

  it('accepts numbers where a route schema already coerced them', () => {
    expect(parseGetEntitiesRequest({ limit: 3 }).page).toEqual({ offset: 0, limit: 3 });
  });

  it.each<[string, Record<string, unknown>, string | RegExp]>([
    ['a zero limit', { limit: '0' }, "Invalid limit '0': expected an integer from 1 to 10000"],
    ['a limit above 10000', { limit: '10001' }, "Invalid limit '10001': expected an integer from 1 to 10000"],
    ['a non-numeric limit', { limit: 'ten' }, "Invalid limit 'ten': expected an integer from 1 to 10000"],
    ['a negative offset', { offset: '-1' }, "Invalid offset '-1': expected an integer from 0 to 1000000"],
    [
      'limit given twice',
      { limit: ['1', '2'] },
      'Invalid query parameters of GET /entities: limit: given more than once; give it once',
    ],
    ['a malformed after cursor', { after: 'zzz' }, /^Malformed after cursor: not base64-encoded JSON/],
    ['a bad order', { order: 'name' }, /^Invalid order 'name'/],
    ['a bracket field', { fields: 'spec.steps[0]' }, /array type fields are not supported/],
    ['a filter statement without a key', { filter: '=x' }, /is not a valid statement/],
  ])('rejects %s with a 400', (_name, query, message) => {
    expect(() => parseGetEntitiesRequest(query)).toThrow(expect.objectContaining({ name: 'InputError' }));
    expect(() => parseGetEntitiesRequest(query)).toThrow(message);
  });
});
