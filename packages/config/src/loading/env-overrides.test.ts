import { describe, expect, it } from 'vitest';
import { finalizeConfigNode } from './config-node.js';
import { readEnvOverrides } from './env-overrides.js';

const overrides = (env: Record<string, string | undefined>) => {
  const node = readEnvOverrides(env);
  return node && finalizeConfigNode(node).data;
};

describe('readEnvOverrides', () => {
  it('turns APP_CONFIG_a_b_c into the key a.b.c, keeping the case of each segment', () => {
    expect(
      overrides({ APP_CONFIG_backend_baseUrl: 'http://x', APP_CONFIG_backend_listen_port: '7008' }),
    ).toEqual({
      backend: { baseUrl: 'http://x', listen: { port: 7008 } },
    });
  });

  it('parses JSON values and keeps anything else as a string', () => {
    expect(
      overrides({
        APP_CONFIG_a: 'true',
        APP_CONFIG_b: '{"x":[1]}',
        APP_CONFIG_c: 'plain text',
        APP_CONFIG_d: '007',
        APP_CONFIG_e: '"7"',
      }),
    ).toEqual({ a: true, b: { x: [1] }, c: 'plain text', d: '007', e: '7' });
  });

  it('allows dashes and colons inside segments', () => {
    expect(overrides({ 'APP_CONFIG_tech-insights_a:b': '1' })).toEqual({ 'tech-insights': { 'a:b': 1 } });
  });

  it('ignores other variables and returns nothing when no override is set', () => {
    expect(overrides({ PATH: '/bin', APP_CONFIGURED: 'x', APP_CONFIG_x: undefined })).toBeUndefined();
  });

  it('rejects invalid segments, naming the variable', () => {
    expect(() => overrides({ APP_CONFIG_backend__port: '1' })).toThrow(
      /APP_CONFIG_backend__port is not a valid config override/,
    );
    expect(() => overrides({ APP_CONFIG_: '1' })).toThrow(/APP_CONFIG_ is not a valid config override/);
  });

  it('rejects null', () => {
    expect(() => overrides({ APP_CONFIG_a: 'null' })).toThrow('Environment variable APP_CONFIG_a is null');
  });

  it('rejects setting a key and one of its sub-keys', () => {
    expect(() => overrides({ APP_CONFIG_a_b: '1', APP_CONFIG_a_b_c: '2' })).toThrow(
      /APP_CONFIG_a_b and APP_CONFIG_a_b_c both set 'a\.b'/,
    );
  });
});
