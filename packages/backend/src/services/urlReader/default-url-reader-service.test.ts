import { Readable } from 'node:stream';
import type { Logger, ReadUrlResponse, UrlReaderProvider } from '@greenroom/backend-plugin-api';
import { ConfigReader } from '@greenroom/config';
import { NotAllowedError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { DefaultUrlReaderService } from './default-url-reader-service.js';
import { createUrlReaderServiceFactory } from './url-reader-service-factory.js';

const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {}, child: () => silentLogger };

/** A provider for one host that answers every read with its own name. */
function providerFor(host: string, name: string): UrlReaderProvider {
  const response = (): ReadUrlResponse => ({
    buffer: async () => Buffer.from(name),
    stream: () => Readable.from([Buffer.from(name)]),
  });
  return {
    name,
    predicate: (url) => url.host === host,
    readUrl: async () => response(),
    search: async (url) => ({ files: [{ url, content: async () => Buffer.from(name) }], etag: name }),
  };
}

describe('DefaultUrlReaderService', () => {
  it('hands a URL to the first provider whose predicate matches', async () => {
    const reader = new DefaultUrlReaderService([
      providerFor('git.example.com', 'first'),
      providerFor('git.example.com', 'second'),
    ]);
    const response = await reader.readUrl('https://git.example.com/a.yaml');
    expect((await response.buffer()).toString()).toBe('first');
    expect((await reader.search('https://git.example.com/*.yaml')).etag).toBe('first');
  });

  it('refuses URLs no provider accepts', async () => {
    const reader = new DefaultUrlReaderService([providerFor('git.example.com', 'git')]);
    await expect(reader.search('https://other.example.com/a.yaml')).rejects.toBeInstanceOf(NotAllowedError);
  });
});

describe('createUrlReaderServiceFactory', () => {
  async function build(options: Parameters<typeof createUrlReaderServiceFactory>[0], reading: unknown) {
    const factory = createUrlReaderServiceFactory(options);
    const config = new ConfigReader({ backend: { reading } as never });
    const context = await factory.createRootContext!({ config, logger: silentLogger });
    return factory.factory({}, context) as DefaultUrlReaderService;
  }

  it('asks the extra providers before plain HTTP, given config and logger', async () => {
    let given: unknown;
    const reader = await build(
      {
        providers: (deps) => {
          given = deps;
          return [providerFor('git.example.com', 'git')];
        },
      },
      { allow: [{ host: 'git.example.com' }] },
    );
    expect(given).toMatchObject({ logger: silentLogger });
    const response = await reader.readUrl('https://git.example.com/a.yaml');
    expect((await response.buffer()).toString()).toBe('git');
  });

  it('refuses hosts missing from backend.reading.allow with the plain HTTP reader alone', async () => {
    const reader = await build({}, undefined);
    await expect(reader.readUrl('https://example.com/a.yaml')).rejects.toThrow(
      "Reading from 'https://example.com/a.yaml' is not allowed. Add the host to backend.reading.allow in app-config.yaml",
    );
  });
});
