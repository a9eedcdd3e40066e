import { describe, expect, it } from 'vitest';
import { callerPlugin } from './fixtures/caller-plugin.js';
import { probePlugin } from './fixtures/probe-plugin.js';
import { useTestBackends } from './support/test-backends.js';

const backends = useTestBackends();

describe('discovery in a running backend', () => {
  it('points internal URLs at the port the server actually listens on, and external ones at backend.baseUrl', async () => {
    const backend = await backends.start({
      features: [callerPlugin],
      config: { backend: { baseUrl: 'https://portal.example.com/' } },
    });
    const res = await backend.request('/api/caller/where/x');
    expect(await res.json()).toEqual({
      internal: `${backend.url}/api/x`,
      external: 'https://portal.example.com/api/x',
    });
  });

  it('lets one plugin reach another at the URL discovery gives', async () => {
    const backend = await backends.start({ features: [callerPlugin, probePlugin('alpha')] });
    const res = await backend.request('/api/caller/call/alpha');
    expect(await res.json()).toEqual({
      status: 200,
      body: { pluginId: 'alpha', principal: { type: 'none' } },
    });
  });

  it('sends a plugin listed in discovery.endpoints to its configured target', async () => {
    const backend = await backends.start({
      features: [callerPlugin],
      config: {
        discovery: {
          endpoints: [
            { target: { internal: 'http://search.internal:7007/api/{{pluginId}}' }, plugins: ['search'] },
          ],
        },
      },
    });
    const res = await backend.request('/api/caller/where/search');
    expect(await res.json()).toEqual({
      internal: 'http://search.internal:7007/api/search',
      external: 'http://localhost:7007/api/search',
    });
  });
});
