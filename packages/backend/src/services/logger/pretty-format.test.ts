import { describe, expect, it } from 'vitest';
import { createRootLogger } from './create-root-logger.js';

function capturePretty() {
  const lines: string[] = [];
  const logger = createRootLogger({
    format: 'pretty',
    colorize: false,
    env: {},
    destination: { write: (l: string) => lines.push(l) },
  });
  return { logger, lines };
}

describe('pretty log format', () => {
  it('writes one readable line with time, level, plugin, message and fields', () => {
    const { logger, lines } = capturePretty();
    logger.child({ plugin: 'catalog' }).info('Refreshed', { count: 3 });

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[catalog\] Refreshed \{"count":3\}\n$/);
  });

  it('writes lines synchronously, so nothing is pending at exit', () => {
    const { logger, lines } = capturePretty();
    logger.warn('Stopping');
    expect(lines.join('')).toContain('WARN: Stopping');
  });

  it('shows an error stack on the lines below the message', () => {
    const { logger, lines } = capturePretty();
    logger.error('Failed', new Error('boom'));
    expect(lines[0]).toMatch(/ERROR: Failed/);
    expect(lines[0]).toContain('Error: boom\n');
  });

  it('redacts secrets like the JSON format does', () => {
    const { logger, lines } = capturePretty();
    logger.addRedactions(['very-secret']);
    logger.info('using very-secret', { password: 'p' });
    expect(lines[0]).toContain('using ***');
    expect(lines[0]).toContain('"password":"[REDACTED]"');
  });
});
