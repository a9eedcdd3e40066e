import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultUrlReaderService, FetchUrlReader } from '@greenroom/backend';
import type {
  ReadUrlOptions,
  ReadUrlResponse,
  SearchResponse,
  UrlReaderProvider,
  UrlReaderService,
} from '@greenroom/backend-plugin-api';
import { ConfigReader } from '@greenroom/config';
import { NotModifiedError } from '@greenroom/errors';
import picomatch from 'picomatch';

/**
 * A file the test server serves; `etag: false` answers without an ETag, and
 * `lastModified` adds a `Last-Modified` header.
 */
export interface ServedFile {
  body: string;
  etag?: string | false;
  lastModified?: Date;
}

/**
 * A real HTTP server on 127.0.0.1 serving files from a map, answering `If-None-Match`
 * and (for files without an ETag) `If-Modified-Since` with 304, and counting requests
 * and 304 answers per path, for tests of URL locations.
 *
 * @example
 * const server = await TestFileServer.start({ '/catalog-info.yaml': { body: 'kind: Component' } });
 * server.url('/catalog-info.yaml'); // 'http://127.0.0.1:<port>/catalog-info.yaml'
 */
export class TestFileServer {
  readonly files: Map<string, ServedFile>;
  readonly requests = new Map<string, number>();
  readonly notModified = new Map<string, number>();
  /** The `If-Modified-Since` header of each path's last request, if it had one. */
  readonly ifModifiedSince = new Map<string, string | undefined>();
  readonly #server: Server;

  private constructor(files: Record<string, ServedFile>) {
    this.files = new Map(Object.entries(files));
    this.#server = createServer((request, response) => {
      const pathname = new URL(request.url ?? '/', 'http://x').pathname;
      this.requests.set(pathname, (this.requests.get(pathname) ?? 0) + 1);
      const file = this.files.get(pathname);
      if (!file) return void response.writeHead(404).end('not found');
      const etag =
        file.etag === false
          ? undefined
          : (file.etag ?? `"${Buffer.from(file.body).toString('base64url').slice(-16)}"`);
      const since = request.headers['if-modified-since'];
      this.ifModifiedSince.set(pathname, since);
      const unchanged = etag
        ? request.headers['if-none-match'] === etag
        : since !== undefined &&
          file.lastModified !== undefined &&
          Math.floor(file.lastModified.getTime() / 1000) <= Date.parse(since) / 1000;
      if (unchanged) {
        this.notModified.set(pathname, (this.notModified.get(pathname) ?? 0) + 1);
        return void response.writeHead(304).end();
      }
      response
        .writeHead(200, {
          ...(etag ? { etag } : {}),
          ...(file.lastModified ? { 'last-modified': file.lastModified.toUTCString() } : {}),
        })
        .end(file.body);
    });
  }

  static async start(files: Record<string, ServedFile> = {}): Promise<TestFileServer> {
    const server = new TestFileServer(files);
    server.#server.listen(0, '127.0.0.1');
    await once(server.#server, 'listening');
    return server;
  }

  /** `127.0.0.1:<port>`, as `backend.reading.allow` wants it. */
  get host(): string {
    return `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  url(pathname: string): string {
    return `http://${this.host}${pathname}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }
}

/**
 * The backend's real URL reader, allowed to read the given hosts (and, optionally, path
 * prefixes), with extra providers asked first.
 *
 * @example
 * const urlReader = createTestUrlReader([{ host: server.host }]);
 */
export function createTestUrlReader(
  allow: { host: string; paths?: string[] }[],
  providers: UrlReaderProvider[] = [],
): UrlReaderService {
  const config = new ConfigReader({ backend: { reading: { allow } } });
  return new DefaultUrlReaderService([...providers, FetchUrlReader.fromConfig(config)]);
}

/**
 * A code-host-like reader for a {@link TestFileServer} that can search: a glob in the
 * URL's path is matched against the served paths, and the search's ETag is a hash of
 * what it finds. Reading single URLs is plain HTTP.
 *
 * @example
 * const urlReader = createTestUrlReader([{ host: server.host }], [new SearchingTestReader(server)]);
 */
export class SearchingTestReader implements UrlReaderProvider {
  readonly name = 'searching-test';
  readonly #server: TestFileServer;
  readonly #fetch: FetchUrlReader;
  searches = 0;

  constructor(server: TestFileServer) {
    this.#server = server;
    this.#fetch = FetchUrlReader.fromConfig(
      new ConfigReader({ backend: { reading: { allow: [{ host: server.host }] } } }),
    );
  }

  predicate(url: URL): boolean {
    return url.host === this.#server.host;
  }

  readUrl(url: string, options?: ReadUrlOptions): Promise<ReadUrlResponse> {
    return this.#fetch.readUrl(url, options);
  }

  async search(url: string, options: { etag?: string } = {}): Promise<SearchResponse> {
    this.searches++;
    const matches = picomatch(decodeURIComponent(new URL(url).pathname));
    const found = [...this.#server.files].filter(([pathname]) => matches(pathname));
    const etag = createHash('sha256').update(JSON.stringify(found)).digest('hex').slice(0, 16);
    if (options.etag === etag) throw new NotModifiedError(`'${url}' has not changed`);
    return {
      etag,
      files: found.map(([pathname, file]) => ({
        url: this.#server.url(pathname),
        content: async () => Buffer.from(file.body),
      })),
    };
  }
}

/**
 * A fresh temp directory filled with files (`{ 'a/b.yaml': 'text' }`); remove it with `rm`.
 *
 * @example
 * const dir = await makeTempDir({ 'catalog-info.yaml': 'kind: Component' });
 */
export async function makeTempDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'greenroom-reading-'));
  await writeFiles(dir, files);
  return dir;
}

/** Writes files below a directory, creating folders as needed. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

/** Removes a temp directory made by {@link makeTempDir}. */
export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** A minimal entity document in YAML. */
export function entityYaml(kind: string, name: string, spec: Record<string, unknown> = {}): string {
  return `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec: ${JSON.stringify(spec)}\n`;
}
