import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One request the fake provider received, for assertions.
 *
 * @example
 * expect(fake.requestsTo('POST /token')[0]?.form.grant_type).toBe('authorization_code');
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Raw body text. */
  body: string;
  /** The body parsed as a form (or JSON object flattened to strings). */
  form: Record<string, string>;
}

/**
 * What a route answers: a status, a JSON value (or raw string/bytes) and headers.
 *
 * @example
 * const reply: FakeReply = { status: 401, json: { error: 'invalid_client' } };
 */
export interface FakeReply {
  status?: number;
  json?: unknown;
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
}

/**
 * Answers one route of a {@link FakeProvider}.
 *
 * @example
 * const token: FakeRoute = (req) => ({ json: { access_token: `at-${req.form.code}` } });
 */
export type FakeRoute = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

/**
 * A real HTTP server on 127.0.0.1 standing in for a SaaS identity provider in tests.
 * Routes are keyed `'<METHOD> <path>'`; unknown routes answer 404. Every request is
 * recorded so tests can check what the provider would have seen.
 *
 * @example
 * const fake = await FakeProvider.start({ 'POST /token': () => ({ json: { access_token: 'a' } }) });
 * // … point the provider's tokenUrl at `${fake.url}/token` …
 * await fake.close();
 */
export class FakeProvider {
  readonly requests: RecordedRequest[] = [];
  readonly routes: Map<string, FakeRoute>;
  readonly #server: ReturnType<typeof createServer>;
  #url = '';

  private constructor(routes: Record<string, FakeRoute>) {
    this.routes = new Map(Object.entries(routes));
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  }

  static async start(routes: Record<string, FakeRoute>): Promise<FakeProvider> {
    const fake = new FakeProvider(routes);
    fake.#server.listen(0, '127.0.0.1');
    await once(fake.#server, 'listening');
    fake.#url = `http://127.0.0.1:${(fake.#server.address() as AddressInfo).port}`;
    return fake;
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return this.#url;
  }

  /** Replaces (or adds) one route, e.g. to make the token endpoint fail in one test. */
  route(key: string, route: FakeRoute): void {
    this.routes.set(key, route);
  }

  /** The recorded requests to one route key. */
  requestsTo(key: string): RecordedRequest[] {
    return this.requests.filter((r) => `${r.method} ${r.path}` === key);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let form: Record<string, string> = {};
    if (req.headers['content-type']?.startsWith('application/json')) {
      form = Object.fromEntries(Object.entries(JSON.parse(body) as object).map(([k, v]) => [k, String(v)]));
    } else if (body) {
      form = Object.fromEntries(new URLSearchParams(body));
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      form,
    };
    this.requests.push(recorded);
    const route = this.routes.get(`${recorded.method} ${recorded.path}`);
    const reply: FakeReply = route ? await route(recorded) : { status: 404, json: { message: 'Not Found' } };
    res.statusCode = reply.status ?? 200;
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    if (reply.raw !== undefined) {
      res.end(reply.raw);
    } else {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(reply.json ?? {}));
    }
  }
}

/**
 * Decodes an HTTP Basic `authorization` header into `[user, password]`.
 *
 * @example
 * decodeBasic(request.headers.authorization); // ['client-id', 'client-secret']
 */
export function decodeBasic(header: string | undefined): [string, string] | undefined {
  const match = /^Basic (.+)$/.exec(header ?? '');
  if (!match) return undefined;
  const [user = '', password = ''] = Buffer.from(match[1]!, 'base64').toString('utf8').split(':');
  return [decodeURIComponent(user), decodeURIComponent(password)];
}
