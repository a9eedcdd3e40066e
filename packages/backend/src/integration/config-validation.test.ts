import { describe, expect, it } from 'vitest';
import { weatherPlugin } from './fixtures/weather-plugin.js';
import { LogCapture } from './support/log-capture.js';
import { useTestBackends } from './support/test-backends.js';

const backends = useTestBackends();

describe('config validated at startup', () => {
  it('stops startup when a plugin key has the wrong type, naming the key and the plugin', async () => {
    await expect(
      backends.start({ features: [weatherPlugin], config: { weather: { refreshMinutes: 'often' } } }),
    ).rejects.toThrow(/weather\.refreshMinutes: .*\(from plugin 'weather'\)/);
  });

  it('stops startup when a core key has the wrong type, before any plugin initialises', async () => {
    const logs = new LogCapture();
    await expect(
      backends.start({ features: [weatherPlugin], config: { backend: { cache: { store: 'disk' } } }, logs }),
    ).rejects.toThrow(/backend\.cache\.store: .*\(from core\)/);
    expect(logs.find((line) => line.plugin === 'weather')).toBeUndefined();
  });

  it('warns about keys nobody declares, suggesting the likely one, and starts anyway', async () => {
    const backend = await backends.start({
      features: [weatherPlugin],
      config: { weather: { refreshMinuts: 5 }, backend: { lisen: { port: 7007 } } },
    });
    const warning = backend.logs.find(
      (line) => line.level === 'warn' && /Config has keys/.test(line.message),
    );
    expect(warning?.message).toMatch(/weather\.refreshMinuts: .*did you mean 'refreshMinutes'/);
    expect(warning?.message).toMatch(/backend\.lisen: .*did you mean 'listen'/);
    expect(await (await backend.request('/api/weather/settings')).json()).toEqual({ refreshMinutes: 30 });
  });

  it('reads a valid plugin key', async () => {
    const backend = await backends.start({
      features: [weatherPlugin],
      config: { weather: { refreshMinutes: 5 } },
    });
    expect(await (await backend.request('/api/weather/settings')).json()).toEqual({ refreshMinutes: 5 });
    expect(backend.logs.find((line) => /Config has keys/.test(line.message))).toBeUndefined();
  });
});

describe('secrets in config', () => {
  it('never reach the logs, even when a plugin logs them in a message, a field or an error', async () => {
    const cachePassword = 'hunter2-cache-password';
    const apiKey = 'wx-api-key-5ecret';
    const backend = await backends.start({
      features: [weatherPlugin],
      config: {
        weather: { apiKey },
        backend: { cache: { store: 'memory', connection: `redis://:${cachePassword}@127.0.0.1:6379` } },
      },
    });
    const weatherLines = backend.logs.filter((line) => line.plugin === 'weather');
    expect(weatherLines.map((line) => line.message)).toEqual(
      expect.arrayContaining(['Calling the forecast API with key ***', 'Weather settings']),
    );
    expect(weatherLines.find((line) => line.message === 'Weather settings')).toMatchObject({
      key: '***',
      cache: '***',
    });
    expect(weatherLines.find((line) => line.message === 'Cache is not reachable')).toMatchObject({
      error: { message: 'Could not connect to ***' },
    });
    expect(backend.logs.text()).not.toContain(apiKey);
    expect(backend.logs.text()).not.toContain(cachePassword);
  });

  it('are not echoed by the startup error when they fail validation', async () => {
    const cachePassword = 'hunter2-cache-password';
    const logs = new LogCapture();
    const failure = await backends
      .start({
        features: [weatherPlugin],
        config: { backend: { cache: { store: 'redis', connection: `http://:${cachePassword}@127.0.0.1` } } },
        logs,
      })
      .then(
        () => undefined,
        (error: Error) => error,
      );
    expect(failure?.message).toMatch(/backend\.cache\.connection: .*Redis URL/);
    expect(failure?.message).not.toContain(cachePassword);
    expect(logs.text()).not.toContain(cachePassword);
  });
});
