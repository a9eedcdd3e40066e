import type { RootLogger } from '@greenroom/backend-plugin-api';
import { ConfigReader } from '@greenroom/config';
import { describe, expect, it } from 'vitest';
import { createRootLoggerServiceFactory, loggerServiceFactory } from './logger-service-factory.js';

async function rootLoggerFrom(logger: Record<string, unknown> | undefined, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const factory = createRootLoggerServiceFactory({
    env,
    destination: { write: (l: string) => lines.push(l) },
  });
  const config = new ConfigReader(logger ? { backend: { logger } as never } : {});
  const rootLogger = (await factory.factory({ config }, undefined)) as RootLogger;
  return { rootLogger, lines };
}

describe('logger service factories', () => {
  it('reads the level and format from backend.logger', async () => {
    const { rootLogger, lines } = await rootLoggerFrom({ level: 'debug', format: 'json' });
    rootLogger.debug('Visible');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'debug', message: 'Visible' });
  });

  it('logs pretty lines at info outside production when nothing is configured', async () => {
    const { rootLogger, lines } = await rootLoggerFrom(undefined);
    rootLogger.debug('Hidden');
    rootLogger.info('Shown');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('INFO');
    expect(lines[0]).toContain('Shown');
  });

  it('logs JSON in production when no format is configured', async () => {
    const { rootLogger, lines } = await rootLoggerFrom(undefined, { NODE_ENV: 'production' });
    rootLogger.info('Shown');
    expect(JSON.parse(lines[0]!)).toMatchObject({ message: 'Shown' });
  });

  it('refuses an unknown level in config', async () => {
    await expect(rootLoggerFrom({ level: 'verbose' })).rejects.toThrow(/backend\.logger\.level/);
  });

  it("gives each plugin a child logger tagged with the plugin's id", async () => {
    const { rootLogger, lines } = await rootLoggerFrom({ format: 'json' });
    const logger = await loggerServiceFactory.factory(
      { rootLogger, plugin: { getId: () => 'catalog' } },
      undefined,
    );
    logger.info('Started');
    expect(JSON.parse(lines[0]!)).toMatchObject({ plugin: 'catalog', message: 'Started' });
  });
});
