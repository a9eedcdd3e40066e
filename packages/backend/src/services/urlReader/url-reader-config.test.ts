import { ConfigReader } from '@greenroom/config';
import { describe, expect, it } from 'vitest';
import { urlReaderConfigSchema } from './url-reader-config.js';

const readTimeout = (timeout: unknown) =>
  new ConfigReader({ backend: { reading: { timeout: timeout as never } } }).read(
    'backend.reading',
    urlReaderConfigSchema,
  ).timeout;

describe('backend.reading.timeout', () => {
  it('is 60 seconds unless configured, in any duration form', () => {
    expect(readTimeout(undefined)).toBe(60_000);
    for (const timeout of [30_000, '30s', 'PT30S', { seconds: 30 }])
      expect(readTimeout(timeout)).toBe(30_000);
  });

  it('must be longer than 0 and no longer than a Node.js timer can wait', () => {
    expect(() => readTimeout(0)).toThrow(/backend\.reading\.timeout: the timeout must be longer than 0/);
    expect(() => readTimeout('25d')).toThrow(
      /backend\.reading\.timeout: the timeout must be at most 24 days/,
    );
  });
});
