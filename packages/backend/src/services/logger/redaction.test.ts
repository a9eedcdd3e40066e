import { describe, expect, it } from 'vitest';
import { createRootLogger } from './create-root-logger.js';

function capture() {
  const lines: string[] = [];
  const logger = createRootLogger({
    format: 'json',
    env: {},
    destination: { write: (l: string) => lines.push(l) },
  });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, any>) };
}

describe('log redaction', () => {
  it('redacts values of secret-looking keys at any depth, whatever their case', () => {
    const { logger, records } = capture();
    logger.info('Request', {
      headers: { Authorization: 'Bearer abc', Cookie: 'sid=1', 'x-api-key': 'k', accept: 'text/html' },
      auth: { clientSecret: 's', nested: [{ PASSWORD: 'p', accessToken: { raw: 't' } }] },
      tokenType: 'bearer',
    });
    expect(records()[0]).toMatchObject({
      headers: {
        Authorization: '[REDACTED]',
        Cookie: '[REDACTED]',
        'x-api-key': '[REDACTED]',
        accept: 'text/html',
      },
      auth: { clientSecret: '[REDACTED]', nested: [{ PASSWORD: '[REDACTED]', accessToken: '[REDACTED]' }] },
      tokenType: 'bearer',
    });
  });

  it('replaces registered secrets in messages, meta, error messages and stacks', () => {
    const { logger, lines, records } = capture();
    const secret = 'pg-pa$$w0rd.(x)';
    logger.addRedactions([secret]);
    const error = new Error(`connect to postgres://app:${secret}@db failed`);
    logger.error(`Could not connect with ${secret}`, {
      url: `postgres://app:${secret}@db/app`,
      list: [secret],
      error,
    });

    expect(lines[0]).not.toContain(secret);
    const [record] = records();
    expect(record).toMatchObject({
      message: 'Could not connect with ***',
      url: 'postgres://app:***@db/app',
      list: ['***'],
      error: { message: 'connect to postgres://app:***@db failed' },
    });
    expect(record!.error.stack).toContain('connect to postgres://app:***@db failed');
  });

  it('leaves strings of three characters or fewer alone', () => {
    const { logger, records } = capture();
    logger.addRedactions(['abc', 'a', '']);
    logger.info('abc is fine', { value: 'abc' });
    expect(records()[0]).toMatchObject({ message: 'abc is fine', value: 'abc' });
  });

  it('replaces the longest of overlapping secrets whole', () => {
    const { logger, records } = capture();
    logger.addRedactions(['token', 'token-with-suffix']);
    logger.info('value token-with-suffix');
    expect(records()[0]!.message).toBe('value ***');
  });

  it('applies secrets added later to existing child loggers and their fields', () => {
    const { logger, lines } = capture();
    const child = logger.child({ plugin: 'catalog', target: 'https://user:late-secret@example.com' });
    child.info('before late-secret');
    logger.addRedactions(['late-secret']);
    child.info('after late-secret');

    expect(lines[0]).toContain('late-secret');
    expect(lines[1]).not.toContain('late-secret');
    expect(JSON.parse(lines[1]!)).toMatchObject({
      message: 'after ***',
      target: 'https://user:***@example.com',
    });
  });
});
