import { describe, expect, it } from 'vitest';
import { DefaultRootHealthService } from './root-health.js';

describe('DefaultRootHealthService', () => {
  it('is live from the start and ready only between startup and shutdown', async () => {
    const health = new DefaultRootHealthService();
    expect(await health.getLiveness()).toEqual({ status: 200, payload: { status: 'ok' } });
    expect(await health.getReadiness()).toEqual({
      status: 503,
      payload: { status: 'error', message: 'Backend is starting' },
    });
    health.markStarted();
    expect(await health.getReadiness()).toEqual({ status: 200, payload: { status: 'ok' } });
    health.markShuttingDown();
    expect(await health.getReadiness()).toEqual({
      status: 503,
      payload: { status: 'error', message: 'Backend is shutting down' },
    });
    expect(await health.getLiveness()).toEqual({ status: 200, payload: { status: 'ok' } });
  });

  it('never turns ready again once shutting down', async () => {
    const health = new DefaultRootHealthService();
    health.markShuttingDown();
    health.markStarted();
    expect((await health.getReadiness()).status).toBe(503);
  });
});
