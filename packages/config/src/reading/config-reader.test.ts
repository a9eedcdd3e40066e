// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is app-config syntax, not a mistaken template
import { InputError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigReader } from './config-reader.js';

const data = {
  backend: {
    baseUrl: 'http://localhost:7007',
    listen: { port: 7007, host: '' },
    portFromEnv: '7008',
    https: 'true',
    cors: { credentials: false, methods: ['GET', 'POST'] },
  },
  catalog: { locations: [{ type: 'url', target: 'https://x' }, 'oops'] },
  empty: null,
};
const locations: Record<string, { file: string; line: number; column: number }> = {
  'backend.listen.host': { file: 'app-config.yaml', line: 4, column: 11 },
  'backend.cors.methods[1]': { file: 'app-config.local.yaml', line: 9, column: 9 },
  'catalog.locations[1]': { file: 'app-config.yaml', line: 12, column: 7 },
  'backend.listen.port': { file: 'app-config.yaml', line: 3, column: 11 },
};
const config = new ConfigReader(data, { locate: (key) => locations[key] });

describe('ConfigReader', () => {
  it('reads values by dotted key', () => {
    expect(config.getString('backend.baseUrl')).toBe('http://localhost:7007');
    expect(config.getNumber('backend.listen.port')).toBe(7007);
    expect(config.getBoolean('backend.cors.credentials')).toBe(false);
    expect(config.getStringArray('backend.cors.methods')).toEqual(['GET', 'POST']);
    expect(config.get('backend.listen')).toEqual({ port: 7007, host: '' });
    expect(config.get()).toBe(data);
  });

  it('answers has and keys, treating null as absent', () => {
    expect(config.has('backend.listen.port')).toBe(true);
    expect(config.has('backend.nope')).toBe(false);
    expect(config.has('empty')).toBe(false);
    expect(config.keys()).toEqual(['backend', 'catalog']);
  });

  it('returns undefined from optional getters for missing keys', () => {
    expect(config.getOptionalString('nope.deeper')).toBeUndefined();
    expect(config.getOptionalNumber('backend.nope')).toBeUndefined();
    expect(config.getOptionalConfig('nope')).toBeUndefined();
    expect(config.getOptionalConfigArray('nope')).toBeUndefined();
    expect(config.getOptional('empty')).toBeUndefined();
  });

  it('accepts strings that spell numbers and booleans, as ${VAR} substitution produces', () => {
    expect(config.getNumber('backend.portFromEnv')).toBe(7008);
    expect(config.getBoolean('backend.https')).toBe(true);
  });

  it('reports a missing required key by its full key', () => {
    expect(() => config.getConfigArray('catalog.rules')).toThrow(
      new InputError("Missing required config value at 'catalog.rules'"),
    );
    expect(() => config.getConfig('backend').getString('database.client')).toThrow(
      "Missing required config value at 'backend.database.client'",
    );
  });

  it('reports a wrong type with the full key, where it was set, and both types', () => {
    expect(() => config.getConfig('backend').getNumber('baseUrl')).toThrow(
      "Invalid type in config for key 'backend.baseUrl', got string, wanted number",
    );
    expect(() => config.getString('backend.listen.host')).toThrow(
      "Invalid type in config for key 'backend.listen.host' in app-config.yaml:4:11, got empty-string, wanted string",
    );
    expect(() => config.getBoolean('backend.listen.port')).toThrow(
      /in app-config\.yaml:3:11, got number, wanted boolean/,
    );
    expect(() => config.getOptionalConfig('backend.baseUrl')).toThrow(/got string, wanted object/);
  });

  it('names the array item that has the wrong type', () => {
    expect(() => config.getConfigArray('catalog.locations')).toThrow(
      "Invalid type in config for key 'catalog.locations[1]' in app-config.yaml:12:7, got string, wanted object",
    );
    const withNumber = new ConfigReader({ list: ['a', 1] });
    expect(() => withNumber.getStringArray('list')).toThrow("key 'list[1]', got number, wanted string");
  });

  it('gives sub-readers whose keys and locations are full keys', () => {
    const backend = config.getConfig('backend');
    expect(backend.getConfig('listen').getNumber('port')).toBe(7007);
    expect(() => backend.getConfig('cors').getStringArray('methods.0')).toThrow(
      /'backend\.cors\.methods\.0'/,
    );
    const first = new ConfigReader(data).getOptionalConfigArray('catalog.locations.nope');
    expect(first).toBeUndefined();
  });

  it('reads config arrays as readers', () => {
    const reader = new ConfigReader({ list: [{ a: 1 }, { a: 2 }] });
    expect(reader.getConfigArray('list').map((item) => item.getNumber('a'))).toEqual([1, 2]);
  });

  it('tells where a key relative to the reader was set', () => {
    expect(config.getConfig('backend').locate('listen.port')).toEqual({
      file: 'app-config.yaml',
      line: 3,
      column: 11,
    });
    expect(new ConfigReader({ a: 1 }).locate('a')).toBeUndefined();
  });

  it('uses prefix as the full key of its root in messages', () => {
    const sub = new ConfigReader({ port: 'x' }, { prefix: 'backend.listen' });
    expect(() => sub.getNumber('port')).toThrow("key 'backend.listen.port', got string, wanted number");
  });

  it('rejects malformed keys', () => {
    expect(() => config.getString('backend..baseUrl')).toThrow("Invalid config key 'backend..baseUrl'");
  });

  describe('read', () => {
    const listenSchema = z.object({
      host: z.string().default('localhost'),
      port: z.number().int().default(7007),
    });

    it('parses a subtree with a zod schema, applying defaults', () => {
      expect(new ConfigReader({}).read('backend.listen', listenSchema)).toEqual({
        host: 'localhost',
        port: 7007,
      });
      expect(config.read('backend.cors', z.object({ credentials: z.boolean() }))).toEqual({
        credentials: false,
      });
    });

    it('reads a missing section as an empty object, so required keys inside are named', () => {
      expect(() => new ConfigReader({}).read('backend.database', z.object({ client: z.string() }))).toThrow(
        'backend.database.client: Missing required value, expected string',
      );
      expect(() => new ConfigReader({}).read('app.title', z.string())).toThrow(
        'app.title: Missing required value, expected string',
      );
      expect(new ConfigReader({}).read('app.title', z.string().optional())).toBeUndefined();
    });

    it('accepts numbers and booleans given as strings', () => {
      const reader = new ConfigReader({ listen: { port: '7010' }, flag: 'TRUE' });
      expect(reader.read('listen', listenSchema).port).toBe(7010);
      expect(reader.read('flag', z.boolean())).toBe(true);
      const union = z.union([z.string(), z.object({ port: z.number() })]);
      expect(reader.read('listen', union)).toEqual({ port: 7010 });
    });

    it('throws an InputError listing every issue with its full key and location', () => {
      const reader = new ConfigReader(
        { backend: { listen: { host: 1, port: 'abc' } } },
        {
          locate: (key) =>
            key === 'backend.listen.port' ? { file: 'app-config.yaml', line: 3, column: 11 } : undefined,
        },
      );
      let error: unknown;
      try {
        reader.read('backend.listen', listenSchema);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(
        [
          "Invalid config at 'backend.listen':",
          'backend.listen.host: Expected string, received number',
          'app-config.yaml:3:11 backend.listen.port: Expected number, received string',
        ].join('\n'),
      );
    });

    it("keeps a schema author's own message instead of zod's generic one", () => {
      const port = z.union([z.number(), z.string()], { error: 'Use a port number from 0 to 65535' });
      const config = new ConfigReader({ server: { port: true } });
      expect(() => config.read('server', z.object({ port }))).toThrow(
        'server.port: Use a port number from 0 to 65535',
      );
      expect(() => config.read('server', z.object({ port: z.string() }))).toThrow(
        'server.port: Expected string, received boolean',
      );
    });

    it('reports missing required values', () => {
      expect(() => config.read('catalog', z.object({ rules: z.array(z.string()) }))).toThrow(
        'catalog.rules: Missing required value, expected array',
      );
    });
  });

  it('reads through a function so a replaced config is seen by existing readers', () => {
    let current: { a: number } = { a: 1 };
    const reader = new ConfigReader(() => current);
    expect(reader.getNumber('a')).toBe(1);
    current = { a: 2 };
    expect(reader.getNumber('a')).toBe(2);
  });
});
