import type { HttpAuthService, Logger, LogMeta } from '@greenroom/backend-plugin-api';
import { ConfigReader } from '@greenroom/config';
import { describe, expect, it } from 'vitest';
import { auditorServiceFactory } from './auditor-service-factory.js';

describe('auditorServiceFactory', () => {
  it("writes audit events through the plugin's logger at the configured levels", async () => {
    const levels: string[] = [];
    const record = (level: string) => (_message: string, meta?: LogMeta | Error) =>
      levels.push(`${level}:${(meta as LogMeta).plugin}`);
    const logger: Logger = {
      error: record('error'),
      warn: record('warn'),
      info: record('info'),
      debug: record('debug'),
      child: () => logger,
    };
    const httpAuth = {} as HttpAuthService;
    const config = new ConfigReader({ backend: { auditor: { severityLogLevelMappings: { low: 'warn' } } } });
    const context = await auditorServiceFactory.createRootContext!({ config });
    const auditor = await auditorServiceFactory.factory(
      { logger, httpAuth, plugin: { getId: () => 'catalog' } },
      context,
    );

    const event = await auditor.createEvent({ eventId: 'entity-read' });
    await event.success();
    expect(levels).toEqual(['warn:catalog', 'warn:catalog']);
  });
});
