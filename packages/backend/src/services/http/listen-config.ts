import { z } from 'zod';

/** Where the HTTP server listens. Port `0` asks the operating system for a free port. */
export interface ListenAddress {
  host: string;
  port: number;
}

const DEFAULT_HOST = 'localhost';
const DEFAULT_PORT = 7007;

const PORT_MESSAGE = 'Use a port number from 0 to 65535';
const portNumber = z
  .number({ error: PORT_MESSAGE })
  .int(PORT_MESSAGE)
  .min(0, PORT_MESSAGE)
  .max(65535, PORT_MESSAGE);
/** A port as a number or a string of digits (so `${PORT}` works); anything else gets one clear message. */
const portSchema = z
  .union([z.number(), z.string()], { error: PORT_MESSAGE })
  .transform((value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  .pipe(portNumber);

const hostPortString = z
  .string()
  .regex(
    /^(\[[0-9a-fA-F:.]+\]|[^:\s]*):\d+$/,
    "Use 'host:port', e.g. 'localhost:7007', '0.0.0.0:7007', '[::1]:7007' or ':7007' (all interfaces)",
  )
  .transform((value): { host: string; port: string | number } => {
    const colon = value.lastIndexOf(':');
    return { host: value.slice(0, colon), port: value.slice(colon + 1) };
  })
  .pipe(z.object({ host: z.string(), port: portSchema }));

/**
 * The schema of `backend.listen`: `{ host, port }` or a `'host:port'` string. Host
 * defaults to `localhost` and port to 7007; an empty host means all interfaces.
 *
 * @example
 * listenConfigSchema.parse('0.0.0.0:7007'); // { host: '0.0.0.0', port: 7007 }
 * listenConfigSchema.parse(undefined);      // { host: 'localhost', port: 7007 }
 */
export const listenConfigSchema = z
  .union([
    hostPortString,
    z.object({
      host: z
        .string()
        .optional()
        .describe("Interface to listen on, e.g. 'localhost' (default), '0.0.0.0' or '::'"),
      port: portSchema.optional().describe('Port to listen on (default 7007); 0 picks a free port'),
    }),
  ])
  .optional()
  .transform(
    (value): ListenAddress => ({
      host: normalizeHost(value?.host ?? DEFAULT_HOST),
      port: value?.port ?? DEFAULT_PORT,
    }),
  )
  .describe("Where the backend listens: { host, port } or 'host:port' (default localhost:7007)");

function normalizeHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare === '' ? '0.0.0.0' : bare;
}

/**
 * The host to put in a URL that reaches this server from the same machine:
 * wildcard addresses become `localhost`, IPv6 literals get brackets.
 *
 * @example
 * urlHost('0.0.0.0'); // 'localhost'
 * urlHost('::1');     // '[::1]'
 */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
