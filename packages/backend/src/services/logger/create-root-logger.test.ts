import { describe, expect, it } from 'vitest';
import { createRootLogger, type RootLoggerOptions } from './create-root-logger.js';

function capture(options: RootLoggerOptions = {}) {
  const lines: string[] = [];
  const logger = createRootLogger({
    format: 'json',
    env: {},
    ...options,
    destination: { write: (line: string) => lines.push(line) },
  });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, any>);
  return { logger, lines, records };
}

describe('createRootLogger', () => {
  it('writes one JSON object per line with level, timestamp, message and meta', () => {
    const { logger, lines, records } = capture();
    logger.info('Refreshed location', { locationRef: 'url:https://example.com/a.yaml', durationMs: 12 });

    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const [record] = records();
    expect(record).toMatchObject({
      level: 'info',
      message: 'Refreshed location',
      locationRef: 'url:https://example.com/a.yaml',
      durationMs: 12,
    });
    expect(new Date(record!.timestamp).toISOString()).toBe(record!.timestamp);
  });

  it('adds the fields of child loggers to every line, innermost winning', () => {
    const { logger, records } = capture();
    const child = logger.child({ plugin: 'catalog', task: 'a' }).child({ task: 'b' });
    child.warn('Slow');
    child.error('Failed', { task: 'c' });

    expect(records()).toEqual([
      expect.objectContaining({ level: 'warn', plugin: 'catalog', task: 'b', message: 'Slow' }),
      expect.objectContaining({ level: 'error', plugin: 'catalog', task: 'c', message: 'Failed' }),
    ]);
  });

  it('drops lines below the configured level', () => {
    const { logger, records } = capture({ level: 'warn' });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(records().map((r) => r.message)).toEqual(['w', 'e']);
  });

  it('tells which levels it writes, in children too', () => {
    const { logger } = capture({ level: 'warn' });
    const child = logger.child({ plugin: 'catalog' });
    for (const log of [logger, child]) {
      expect(
        (['debug', 'info', 'warn', 'error'] as const).map((level) => log.isLevelEnabled?.(level)),
      ).toEqual([false, false, true, true]);
    }
  });

  it('logs at info and above by default', () => {
    const { logger, records } = capture();
    logger.debug('d');
    logger.info('i');
    expect(records().map((r) => r.message)).toEqual(['i']);
  });

  it('lets LOG_LEVEL win over the configured level', () => {
    const { logger, records } = capture({ level: 'error', env: { LOG_LEVEL: 'DEBUG' } });
    logger.debug('d');
    expect(records().map((r) => r.level)).toEqual(['debug']);
  });

  it('refuses an unknown LOG_LEVEL with the allowed values', () => {
    expect(() => capture({ env: { LOG_LEVEL: 'verbose' } })).toThrow(
      "LOG_LEVEL='verbose' is not a log level; set it to one of error, warn, info, debug",
    );
  });

  it('keeps meta fields named like the line fields under meta.<name>', () => {
    const { logger, records } = capture();
    logger.info('Hello', { level: 'high', message: 'inner', timestamp: 1 });
    expect(records()[0]).toMatchObject({
      level: 'info',
      message: 'Hello',
      'meta.level': 'high',
      'meta.message': 'inner',
      'meta.timestamp': 1,
    });
  });

  it('serialises errors with name, message, stack and cause', () => {
    const { logger, records } = capture();
    const cause = new TypeError('socket closed');
    const error = Object.assign(new Error('Refresh failed', { cause }), { code: 'E_REFRESH' });
    logger.error('Refresh failed', { error });
    logger.error('Direct', error);

    for (const record of records()) {
      expect(record.error).toMatchObject({
        name: 'Error',
        message: 'Refresh failed',
        code: 'E_REFRESH',
        cause: { name: 'TypeError', message: 'socket closed' },
      });
      expect(record.error.stack).toContain('Error: Refresh failed');
      expect(record.error.cause.stack).toContain('TypeError: socket closed');
    }
  });

  it('writes cyclic and unusual values without throwing', () => {
    const { logger, records } = capture();
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    const shared = { x: 1 };
    logger.info('Values', {
      cyclic,
      twice: [shared, shared],
      big: 10n,
      when: new Date('2024-01-02T03:04:05.000Z'),
      bytes: Buffer.from('abc'),
      tags: new Set(['a']),
      url: new URL('https://example.com/x'),
    });
    expect(records()[0]).toMatchObject({
      cyclic: { name: 'a', self: '[Circular]' },
      twice: [{ x: 1 }, { x: 1 }],
      big: '10',
      when: '2024-01-02T03:04:05.000Z',
      bytes: '[Buffer 3 bytes]',
      tags: ['a'],
      url: 'https://example.com/x',
    });
  });
});
