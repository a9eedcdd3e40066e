import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the upstream received. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP server on 127.0.0.1 for proxy tests: records every request it receives,
 * and answers with `handle` (default: 200 with a JSON echo of the request).
 *
 * @example
 * const upstream = await RecordingUpstream.start();
 * upstream.url; // 'http://127.0.0.1:<port>'
 * upstream.received[0].headers.authorization;
 */
export class RecordingUpstream {
  readonly received: RecordedRequest[] = [];
  readonly #server: Server;
  handle:
    | ((request: IncomingMessage, response: ServerResponse, recorded: RecordedRequest) => void)
    | undefined;

  private constructor(streamBodies: boolean) {
    this.#server = createServer((request, response) => {
      const recorded: RecordedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: '',
      };
      this.received.push(recorded);
      if (streamBodies && this.handle) return this.handle(request, response, recorded);
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        recorded.body = Buffer.concat(chunks).toString('utf8');
        if (this.handle) return this.handle(request, response, recorded);
        response
          .writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'yes', 'set-cookie': 'up=1' })
          .end(JSON.stringify({ method: recorded.method, url: recorded.url }));
      });
    });
  }

  /** Starts the server; with `streamBodies`, `handle` is called before the body is read. */
  static async start(options: { streamBodies?: boolean } = {}): Promise<RecordingUpstream> {
    const upstream = new RecordingUpstream(options.streamBodies ?? false);
    upstream.#server.listen(0, '127.0.0.1');
    await once(upstream.#server, 'listening');
    return upstream;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }
}
