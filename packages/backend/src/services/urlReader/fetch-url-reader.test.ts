import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import {
  GatewayTimeoutError,
  InputError,
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
} from '@greenroom/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefaultUrlReaderService } from './default-url-reader-service.js';
import { FetchUrlReader } from './fetch-url-reader.js';
import { UrlReadError } from './url-read-error.js';
import { urlReaderConfigSchema } from './url-reader-config.js';

const CONTENT = 'apiVersion: backstage.io/v1alpha1\nkind: Component\n';
const ETAG = '"v1"';
const LAST_MODIFIED = new Date('2024-05-01T12:00:00.000Z');

let main: Server;
let other: Server;
let mainHost: string;
let otherHost: string;

function handle(request: IncomingMessage, response: ServerResponse) {
  const path = new URL(request.url ?? '/', 'http://x').pathname;
  const redirect = (location: string) => response.writeHead(302, { location }).end();
  switch (path) {
    case '/catalog/a.yaml': {
      const since = request.headers['if-modified-since'];
      if (request.headers['if-none-match'] === ETAG || (since && new Date(since) >= LAST_MODIFIED)) {
        response.writeHead(304).end();
        return;
      }
      response.writeHead(200, { etag: ETAG, 'last-modified': LAST_MODIFIED.toUTCString() }).end(CONTENT);
      return;
    }
    case '/error':
      response.writeHead(500).end('broken');
      return;
    case '/big':
      response.writeHead(200, { 'content-length': '2000' }).end('x'.repeat(2000));
      return;
    case '/big-chunked':
      response.writeHead(200);
      for (let i = 0; i < 20; i++) response.write('x'.repeat(100));
      response.end();
      return;
    case '/slow':
      setTimeout(() => response.writeHead(200).end('late'), 5_000).unref();
      return;
    case '/to-other':
      return redirect(`http://${otherHost}/catalog/a.yaml`);
    case '/to-relative':
      return redirect('/catalog/a.yaml');
    case '/to-disallowed':
      return redirect(`http://localhost:${(main.address() as AddressInfo).port}/catalog/a.yaml`);
    case '/to-forbidden-path':
      return redirect(`http://${otherHost}/secret`);
    case '/loop':
      return redirect('/loop');
    default:
      response.writeHead(404).end('not found');
  }
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  main = createServer(handle);
  other = createServer(handle);
  mainHost = await listen(main);
  otherHost = await listen(other);
});

afterAll(async () => {
  for (const server of [main, other]) {
    server.closeAllConnections();
    server.close();
  }
});

function createReader(overrides: Record<string, unknown> = {}) {
  const config = urlReaderConfigSchema.parse({
    allow: [{ host: mainHost }, { host: otherHost, paths: ['/catalog/'] }],
    maxSize: 1000,
    ...overrides,
  });
  return new DefaultUrlReaderService([new FetchUrlReader(config)]);
}

describe('FetchUrlReader', () => {
  it('reads a file with its ETag and last-modified time, as a buffer or a stream', async () => {
    const response = await createReader().readUrl(`http://${mainHost}/catalog/a.yaml`);
    expect(response.etag).toBe(ETAG);
    expect(response.lastModifiedAt).toEqual(LAST_MODIFIED);
    expect((await response.buffer()).toString('utf8')).toBe(CONTENT);
    expect(await text(response.stream())).toBe(CONTENT);
  });

  it('answers NotModifiedError when the ETag still matches', async () => {
    const read = createReader().readUrl(`http://${mainHost}/catalog/a.yaml`, { etag: ETAG });
    await expect(read).rejects.toBeInstanceOf(NotModifiedError);
  });

  it('answers NotModifiedError when nothing changed since lastModifiedAfter', async () => {
    const reader = createReader();
    const url = `http://${mainHost}/catalog/a.yaml`;
    await expect(reader.readUrl(url, { lastModifiedAfter: LAST_MODIFIED })).rejects.toBeInstanceOf(
      NotModifiedError,
    );
    const older = new Date(LAST_MODIFIED.getTime() - 60_000);
    await expect(reader.readUrl(url, { lastModifiedAfter: older })).resolves.toMatchObject({ etag: ETAG });
  });

  it('answers NotFoundError for a missing file', async () => {
    await expect(createReader().readUrl(`http://${mainHost}/nope.yaml`)).rejects.toThrow(
      new NotFoundError(`Could not read 'http://${mainHost}/nope.yaml': 404 Not Found`),
    );
  });

  it('reports other failing statuses with the status', async () => {
    const error = await createReader()
      .readUrl(`http://${mainHost}/error`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UrlReadError);
    expect(error).toMatchObject({ upstreamStatus: 500, message: expect.stringContaining('answered 500') });
  });

  it('refuses hosts that are not allowed, naming the config key', async () => {
    const url = `http://localhost:${(main.address() as AddressInfo).port}/catalog/a.yaml`;
    await expect(createReader().readUrl(url)).rejects.toThrow(
      new NotAllowedError(
        `Reading from '${url}' is not allowed. Add the host to backend.reading.allow in app-config.yaml`,
      ),
    );
  });

  it('refuses paths outside the allowed prefixes', async () => {
    await expect(createReader().readUrl(`http://${otherHost}/secret`)).rejects.toBeInstanceOf(
      NotAllowedError,
    );
  });

  it('follows redirects to allowed hosts and relative locations', async () => {
    const reader = createReader();
    for (const path of ['/to-other', '/to-relative']) {
      const response = await reader.readUrl(`http://${mainHost}${path}`);
      expect((await response.buffer()).toString('utf8')).toBe(CONTENT);
    }
  });

  it('refuses redirects to hosts or paths that are not allowed', async () => {
    const reader = createReader();
    await expect(reader.readUrl(`http://${mainHost}/to-disallowed`)).rejects.toThrow(
      /redirected to 'http:\/\/localhost:\d+\/catalog\/a.yaml', which is not allowed/,
    );
    await expect(reader.readUrl(`http://${mainHost}/to-forbidden-path`)).rejects.toBeInstanceOf(
      NotAllowedError,
    );
  });

  it('stops after five redirects', async () => {
    await expect(createReader().readUrl(`http://${mainHost}/loop`)).rejects.toThrow(
      'was redirected more than 5 times',
    );
  });

  it('refuses bodies larger than backend.reading.maxSize, declared or streamed', async () => {
    const reader = createReader();
    for (const path of ['/big', '/big-chunked']) {
      await expect(reader.readUrl(`http://${mainHost}${path}`)).rejects.toThrow(
        'is larger than 1000 bytes; raise backend.reading.maxSize to read it',
      );
    }
  });

  it('gives up after backend.reading.timeout', async () => {
    const read = createReader({ timeout: 100 }).readUrl(`http://${mainHost}/slow`);
    await expect(read).rejects.toBeInstanceOf(GatewayTimeoutError);
    await expect(read).rejects.toThrow('took longer than 100 ms (backend.reading.timeout)');
  });

  it("stops when the caller's signal aborts", async () => {
    const controller = new AbortController();
    const read = createReader().readUrl(`http://${mainHost}/slow`, { signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    await expect(read).rejects.toThrow('caller gave up');
  });

  it('reports an unreachable server clearly', async () => {
    const closed = createServer();
    const host = await listen(closed);
    closed.close();
    const reader = new DefaultUrlReaderService([
      new FetchUrlReader(urlReaderConfigSchema.parse({ allow: [{ host }] })),
    ]);
    await expect(reader.readUrl(`http://${host}/a.yaml`)).rejects.toThrow(
      new RegExp(`Could not read 'http://${host}/a.yaml': .*ECONNREFUSED`),
    );
  });

  it('refuses a string that is not a URL', async () => {
    await expect(createReader().readUrl('catalog-info.yaml')).rejects.toBeInstanceOf(InputError);
  });
});

describe('FetchUrlReader search', () => {
  it('finds exactly the given file, with its ETag', async () => {
    const url = `http://${mainHost}/catalog/a.yaml`;
    const result = await createReader().search(url);
    expect(result.etag).toBe(ETAG);
    expect(result.files.map((file) => file.url)).toEqual([url]);
    expect((await result.files[0]!.content()).toString('utf8')).toBe(CONTENT);
  });

  it('finds nothing when the file does not exist', async () => {
    await expect(createReader().search(`http://${mainHost}/nope.yaml`)).resolves.toEqual({
      files: [],
      etag: '',
    });
  });

  it('answers NotModifiedError when the ETag still matches', async () => {
    const search = createReader().search(`http://${mainHost}/catalog/a.yaml`, { etag: ETAG });
    await expect(search).rejects.toBeInstanceOf(NotModifiedError);
  });

  it('refuses glob patterns, which plain HTTP cannot expand', async () => {
    const reader = createReader();
    for (const pattern of ['/catalog/*.yaml', '/catalog/{a,b}.yaml', '/catalog/[ab].yaml']) {
      await expect(reader.search(`http://${mainHost}${pattern}`)).rejects.toThrow(
        /plain HTTP reading cannot expand glob patterns/,
      );
    }
  });
});
