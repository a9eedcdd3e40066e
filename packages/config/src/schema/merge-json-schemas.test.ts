import { describe, expect, it } from 'vitest';
import { mergeJsonSchemas } from './merge-json-schemas.js';

const string = { type: 'string' };

describe('mergeJsonSchemas', () => {
  it('merges object properties recursively and unions required keys', () => {
    expect(
      mergeJsonSchemas(
        { type: 'object', properties: { a: { type: 'object', properties: { x: string } } }, required: ['a'] },
        {
          type: 'object',
          properties: { a: { type: 'object', properties: { y: string } }, b: string },
          required: ['b'],
        },
      ),
    ).toEqual({
      type: 'object',
      properties: { a: { type: 'object', properties: { x: string, y: string } }, b: string },
      required: ['a', 'b'],
    });
  });

  it('keeps the first description where both sources describe the same object', () => {
    const merged = mergeJsonSchemas(
      { type: 'object', description: 'first', properties: {} },
      { type: 'object', description: 'second', properties: {} },
    );
    expect(merged).toEqual({ type: 'object', description: 'first', properties: {} });
  });

  it("checks a key declared by one side against the other side's rule for extra keys", () => {
    const merged = mergeJsonSchemas(
      { type: 'object', properties: { fixed: { type: 'number' } } },
      { type: 'object', additionalProperties: string },
    );
    expect(merged).toEqual({
      type: 'object',
      properties: { fixed: { allOf: [{ type: 'number' }, string] } },
      additionalProperties: string,
    });
  });

  it('uses allOf for anything that is not two plain object schemas', () => {
    expect(mergeJsonSchemas(string, { type: 'number' })).toEqual({ allOf: [string, { type: 'number' }] });
    expect(mergeJsonSchemas({ allOf: [string, { minLength: 1 }] }, { maxLength: 3 })).toEqual({
      allOf: [string, { minLength: 1 }, { maxLength: 3 }],
    });
    expect(mergeJsonSchemas({ anyOf: [string] }, { type: 'object' })).toEqual({
      allOf: [{ anyOf: [string] }, { type: 'object' }],
    });
  });

  it('keeps one copy of identical schemas and ignores empty ones', () => {
    expect(mergeJsonSchemas(string, { ...string })).toEqual(string);
    expect(mergeJsonSchemas({}, string)).toEqual(string);
    expect(mergeJsonSchemas(string, undefined)).toEqual(string);
  });

  it('keeps the strictest rule for extra keys', () => {
    const closed = mergeJsonSchemas(
      { type: 'object', additionalProperties: false },
      { type: 'object', additionalProperties: {} },
    );
    expect(closed).toEqual({ type: 'object', additionalProperties: false });
  });
});
