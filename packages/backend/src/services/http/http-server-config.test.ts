import { ConfigReader } from '@greenroom/config';
import { describe, expect, it } from 'vitest';
import { durationConfigSchema } from './duration-config.js';
import { readRootHttpRouterSettings } from './http-server-config.js';

describe('readRootHttpRouterSettings', () => {
  it('applies the defaults when nothing is configured', () => {
    expect(readRootHttpRouterSettings(new ConfigReader({}))).toEqual({
      listen: { host: 'localhost', port: 7007 },
      http: {
        bodyLimit: 1024 * 1024,
        requestTimeout: 300_000,
        keepAliveTimeout: 72_000,
        connectionTimeout: 0,
      },
      lifecycle: { serverShutdownDelay: 0, shutdownTimeout: 30_000 },
    });
  });

  it('reads sizes and durations in the units people write', () => {
    const settings = readRootHttpRouterSettings(
      new ConfigReader({
        backend: {
          http: { bodyLimit: '10mb', requestTimeout: '2m', keepAliveTimeout: { seconds: 5 } },
          lifecycle: { serverShutdownDelay: '5s', shutdownTimeout: 1500 },
          cors: { origin: 'https://portal.example.com' },
        },
      }),
    );
    expect(settings.http).toMatchObject({
      bodyLimit: 10 * 1024 * 1024,
      requestTimeout: 120_000,
      keepAliveTimeout: 5000,
    });
    expect(settings.lifecycle).toEqual({ serverShutdownDelay: 5000, shutdownTimeout: 1500 });
    expect(settings.cors).toEqual({ origin: 'https://portal.example.com' });
  });

  it('names the config key of an invalid value', () => {
    expect(() =>
      readRootHttpRouterSettings(new ConfigReader({ backend: { http: { bodyLimit: 'lots' } } })),
    ).toThrow(/backend\.http\.bodyLimit/);
    expect(() =>
      readRootHttpRouterSettings(
        new ConfigReader({ backend: { lifecycle: { shutdownTimeout: 'eventually' } } }),
      ),
    ).toThrow(/backend\.lifecycle\.shutdownTimeout/);
  });
});

describe('durationConfigSchema', () => {
  it.each([
    [250, 250],
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['2 hours', 7_200_000],
    ['1.5h', 5_400_000],
    ['30 seconds', 30_000],
    [{ minutes: 1, seconds: 30 }, 90_000],
    [{ days: 1 }, 86_400_000],
  ])('reads %j as %i ms', (value, ms) => {
    expect(durationConfigSchema.parse(value)).toBe(ms);
  });
});

describe('durationConfigSchema refusals', () => {
  it.each(['soon', '10 fortnights', '-5s', { hours: 1, eons: 2 }, -1])('refuses %j', (value) => {
    expect(durationConfigSchema.safeParse(value).success).toBe(false);
  });
});
