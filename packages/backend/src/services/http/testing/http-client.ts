import http from 'node:http';

/** An answer read by {@link httpGet}. */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A GET with Node's own HTTP client, for what `fetch` hides: which connection a
 * request uses (`agent`) and connection errors such as `ECONNREFUSED`.
 *
 * @example
 * const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
 * const { status } = await httpGet(`${url}/hello`, { agent });
 */
export function httpGet(
  url: string,
  options: { agent?: http.Agent | false; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: options.agent ?? false, headers: options.headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** A promise with its `resolve` exposed, to hold a request or a hook until the test lets it go. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
