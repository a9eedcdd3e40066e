import { describe, expect, it } from 'vitest';
import { frenchGreetingsModule, greetingsPlugin } from './fixtures/greetings-plugin.js';
import { useTestBackends } from './support/test-backends.js';

const backends = useTestBackends();

async function greetings(backend: { request(path: string): Promise<Response> }) {
  const res = await backend.request('/api/greetings/public/greetings');
  expect(res.status).toBe(200);
  return ((await res.json()) as { greetings: Record<string, string> }).greetings;
}

describe('extension points and modules', () => {
  it("show a module's contribution in its plugin's routes", async () => {
    const backend = await backends.start({ features: [greetingsPlugin, frenchGreetingsModule] });
    expect(await greetings(backend)).toEqual({ en: 'Hello', fr: 'Bonjour' });
  });

  it('leave the plugin as it is without the module', async () => {
    const backend = await backends.start({ features: [greetingsPlugin] });
    expect(await greetings(backend)).toEqual({ en: 'Hello' });
  });

  it("give a module the services of its plugin: config, and a logger tagged with the plugin's id", async () => {
    const backend = await backends.start({
      // Added before its plugin on purpose: the order of backend.add does not matter.
      features: [frenchGreetingsModule, greetingsPlugin],
      config: { greetings: { french: 'Salut' } },
    });
    expect(await greetings(backend)).toEqual({ en: 'Hello', fr: 'Salut' });
    expect(backend.logs.find((line) => line.message === 'Added French')).toMatchObject({
      plugin: 'greetings',
    });
    // The module declares greetings.french, so it is not reported as an unknown key.
    expect(backend.logs.find((line) => /Config has keys/.test(line.message))).toBeUndefined();
  });

  it('refuse to start a module whose plugin is not installed', async () => {
    await expect(backends.start({ features: [frenchGreetingsModule] })).rejects.toThrow(
      /Module 'french' extends plugin 'greetings', which is not installed/,
    );
  });
});
