import type {
  AuditorService,
  Credentials,
  FastifyRequest,
  HttpAuthService,
  Logger,
  LogMeta,
  Principal,
} from '@greenroom/backend-plugin-api';
import { AuthenticationError } from '@greenroom/errors';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { auditorConfigSchema } from './auditor-config.js';
import { DefaultAuditorService } from './default-auditor-service.js';

type Line = { level: string; message: string; meta: LogMeta };

/** A logger that keeps every line it is given. */
class RecordingLogger implements Logger {
  readonly lines: Line[] = [];
  error = (message: string, meta?: LogMeta | Error) => this.#push('error', message, meta);
  warn = (message: string, meta?: LogMeta | Error) => this.#push('warn', message, meta);
  info = (message: string, meta?: LogMeta) => this.#push('info', message, meta);
  debug = (message: string, meta?: LogMeta) => this.#push('debug', message, meta);
  child = () => this;
  #push(level: string, message: string, meta?: LogMeta | Error) {
    this.lines.push({ level, message, meta: (meta ?? {}) as LogMeta });
  }
}

/** Reads `Authorization: Bearer <type>:<id>`; `Bearer invalid` is rejected like a bad token. */
const headerHttpAuth: HttpAuthService = {
  async credentials(request: FastifyRequest) {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    let principal: Principal = { type: 'none' };
    if (token === 'invalid') throw new AuthenticationError('Invalid token');
    if (token?.startsWith('user:')) principal = { type: 'user', userEntityRef: token };
    if (token?.startsWith('service:'))
      principal = { type: 'service', subject: token.slice('service:'.length) };
    return { $$type: '@greenroom/Credentials', principal } as Credentials<any>;
  },
  async issueUserCookie() {
    throw new Error('not used by the auditor');
  },
};

function setup(
  config: unknown = undefined,
  options: { logger?: RecordingLogger; httpAuth?: HttpAuthService } = {},
) {
  const logger = options.logger ?? new RecordingLogger();
  const auditor = new DefaultAuditorService({
    logger,
    pluginId: 'catalog',
    httpAuth: options.httpAuth ?? headerHttpAuth,
    severityLogLevels: auditorConfigSchema.parse(config).severityLogLevelMappings,
  });
  return { logger, auditor };
}

const servers: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Sends a real request through Fastify and audits it in the route handler. */
async function auditRequest(auditor: AuditorService, headers: Record<string, string>, url = '/entities/x') {
  const app = Fastify();
  servers.push(app);
  app.delete('/entities/:name', async (request) => {
    const event = await auditor.createEvent({ eventId: 'entity-delete', severityLevel: 'high', request });
    await event.success();
    return { ok: true };
  });
  const response = await app.inject({
    method: 'DELETE',
    url,
    headers: { 'user-agent': 'test-agent', ...headers },
  });
  expect(response.statusCode).toBe(200);
}

describe('DefaultAuditorService', () => {
  it('logs an initiated line at once and a succeeded line when the action worked', async () => {
    const { logger, auditor } = setup();
    const event = await auditor.createEvent({
      eventId: 'entity-refresh',
      meta: { entityRef: 'component:default/a' },
    });
    expect(logger.lines.map((line) => line.meta.status)).toEqual(['initiated']);

    await event.success({ meta: { changed: true } });
    expect(logger.lines).toEqual([
      {
        level: 'debug',
        message: 'catalog.entity-refresh',
        meta: {
          isAuditEvent: true,
          eventId: 'entity-refresh',
          severityLevel: 'low',
          plugin: 'catalog',
          actor: {},
          meta: { entityRef: 'component:default/a' },
          status: 'initiated',
        },
      },
      {
        level: 'debug',
        message: 'catalog.entity-refresh',
        meta: expect.objectContaining({
          status: 'succeeded',
          meta: { entityRef: 'component:default/a', changed: true },
        }),
      },
    ]);
  });

  it('records a failure with the error name and message but no stack', async () => {
    const { logger, auditor } = setup();
    const event = await auditor.createEvent({ eventId: 'entity-delete', severityLevel: 'critical' });
    await event.fail({ error: new TypeError('database is locked'), meta: { attempt: 2 } });

    const failed = logger.lines[1]!;
    expect(failed.level).toBe('info');
    expect(failed.meta).toMatchObject({
      status: 'failed',
      severityLevel: 'critical',
      meta: { attempt: 2 },
      error: { name: 'TypeError', message: 'database is locked' },
    });
    expect(JSON.stringify(failed.meta)).not.toContain('stack');
  });

  it('maps severities to log levels, defaulting to debug for low and info above', async () => {
    const { logger, auditor } = setup({ severityLogLevelMappings: { high: 'warn' } });
    for (const severityLevel of ['low', 'medium', 'high', 'critical'] as const) {
      await auditor.createEvent({ eventId: 'x', severityLevel });
    }
    expect(logger.lines.map((line) => line.level)).toEqual(['debug', 'info', 'warn', 'info']);
  });

  it('takes the actor and request from a signed-in user request', async () => {
    const { logger, auditor } = setup();
    await auditRequest(auditor, { authorization: 'Bearer user:default/ada' });

    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]!.meta).toMatchObject({
      actor: { actorId: 'user:default/ada', ip: '127.0.0.1', userAgent: 'test-agent', hostname: 'localhost' },
      request: { method: 'DELETE', url: '/entities/x' },
      severityLevel: 'high',
    });
  });

  it('uses the subject as the actor id of a service caller', async () => {
    const { logger, auditor } = setup();
    await auditRequest(auditor, { authorization: 'Bearer service:plugin:scaffolder' });
    expect(logger.lines[0]!.meta.actor).toMatchObject({ actorId: 'plugin:scaffolder' });
  });

  it('still records the event, without actor id, when the credentials cannot be read', async () => {
    const { logger, auditor } = setup();
    await auditRequest(auditor, { authorization: 'Bearer invalid' });
    expect(logger.lines.map((line) => line.meta.status)).toEqual(['initiated', 'succeeded']);
    expect(logger.lines[0]!.meta.actor).toEqual({
      ip: '127.0.0.1',
      userAgent: 'test-agent',
      hostname: 'localhost',
    });
  });

  it('writes nothing, and does not read the credentials, for a severity whose level is off', async () => {
    let asked = 0;
    const { logger, auditor } = setup(undefined, {
      logger: Object.assign(new RecordingLogger(), { isLevelEnabled: (level: string) => level !== 'debug' }),
      httpAuth: {
        ...headerHttpAuth,
        credentials: (request, options) => {
          asked++;
          return headerHttpAuth.credentials(request, options);
        },
      },
    });
    const app = Fastify();
    servers.push(app);
    app.get('/entities/:name', async (request) => {
      const read = await auditor.createEvent({ eventId: 'entity-fetch', request });
      await read.success({ meta: { found: true } });
      const failed = await auditor.createEvent({ eventId: 'entity-fetch', request });
      await failed.fail({ error: new Error('gone') });
      return { ok: true };
    });
    const response = await app.inject({
      url: '/entities/x',
      headers: { authorization: 'Bearer user:default/ada' },
    });
    expect(response.statusCode).toBe(200);
    expect(logger.lines).toEqual([]);
    expect(asked).toBe(0);

    await auditRequest(auditor, { authorization: 'Bearer user:default/ada' });
    expect(logger.lines.map((line) => [line.level, line.meta.status])).toEqual([
      ['info', 'initiated'],
      ['info', 'succeeded'],
    ]);
    expect(asked).toBe(1);
  });

  it('redacts secret-looking query parameters from the request url', async () => {
    const { logger, auditor } = setup();
    await auditRequest(auditor, {}, '/entities/x?token=abc&filter=kind%3Dcomponent&api_key=k');
    expect(logger.lines[0]!.meta.request).toEqual({
      method: 'DELETE',
      url: '/entities/x?token=[REDACTED]&filter=kind%3Dcomponent&api_key=[REDACTED]',
    });
  });
});
