import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigReader } from '../reading/config-reader.js';
import { DURATION_DESCRIPTION, durationSchema } from './duration-schema.js';

const schema = z.object({
  timeout: durationSchema.prefault('5m').describe(`How long to wait. ${DURATION_DESCRIPTION}`),
});
const readTimeout = (timeout: unknown) =>
  new ConfigReader({ app: { timeout: timeout as never } }).read('app', schema).timeout;

describe('durationSchema', () => {
  it('outputs milliseconds for every form', () => {
    expect(durationSchema.parse(1500)).toBe(1500);
    expect(durationSchema.parse('PT5M')).toBe(300_000);
    expect(durationSchema.parse('5 minutes')).toBe(300_000);
    expect(durationSchema.parse({ minutes: 5 })).toBe(300_000);
  });

  it('applies a default written as people write durations', () => {
    expect(readTimeout(undefined)).toBe(300_000);
  });

  it('reads amounts of a duration object that arrive as strings from environment substitution', () => {
    expect(readTimeout({ seconds: '30' })).toBe(30_000);
  });

  it('names the config key and says what is wrong', () => {
    expect(() => readTimeout('10 fortnights')).toThrow(
      /app\.timeout: '10 fortnights' has an unknown unit 'fortnights'/,
    );
    expect(() => readTimeout('-5s')).toThrow(/app\.timeout: a duration cannot be negative, got '-5s'/);
    expect(() => readTimeout({ seconds: -1 })).toThrow(
      /app\.timeout\.seconds: a duration cannot be negative, got -1/,
    );
    expect(() => readTimeout(true)).toThrow(/app\.timeout: Expected number or string or object/);
  });

  it('reports an unknown unit of a duration object once', () => {
    expect(() => readTimeout({ minute: 5 })).toThrow(
      /^Invalid config at 'app':\napp\.timeout: unknown duration unit 'minute'; use years, .*milliseconds$/,
    );
  });

  it('describes every form in JSON Schema, with the default as written', () => {
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-7' }) as any;
    const timeout = json.properties.timeout;
    expect(timeout.description).toBe(`How long to wait. ${DURATION_DESCRIPTION}`);
    expect(timeout.default).toBe('5m');
    expect(timeout.anyOf.map((form: { type: string }) => form.type)).toEqual(['number', 'string', 'object']);
    expect(timeout.anyOf[2]).toMatchObject({ additionalProperties: false });
    expect(Object.keys(timeout.anyOf[2].properties)).toEqual([
      'years',
      'months',
      'weeks',
      'days',
      'hours',
      'minutes',
      'seconds',
      'milliseconds',
    ]);
  });
});
