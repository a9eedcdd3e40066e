import { ConfigReader } from '@greenroom/config';
import { describe, expect, it } from 'vitest';
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
          http: {
            bodyLimit: '10mb',
            requestTimeout: '2m',
            keepAliveTimeout: { seconds: 5 },
            connectionTimeout: 'PT1M30S',
          },
          lifecycle: { serverShutdownDelay: '5s', shutdownTimeout: 1500 },
          cors: { origin: 'https://portal.example.com' },
        },
      }),
    );
    expect(settings.http).toMatchObject({
      bodyLimit: 10 * 1024 * 1024,
      requestTimeout: 120_000,
      keepAliveTimeout: 5000,
      connectionTimeout: 90_000,
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
    ).toThrow(/backend\.lifecycle\.shutdownTimeout: 'eventually' is not a duration/);
  });

  it('refuses shutdown waits longer than a Node.js timer can wait', () => {
    expect(() =>
      readRootHttpRouterSettings(new ConfigReader({ backend: { lifecycle: { shutdownTimeout: '30d' } } })),
    ).toThrow(/backend\.lifecycle\.shutdownTimeout: must be at most 24 days/);
  });
});
