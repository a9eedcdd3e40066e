import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Lowest port {@link freePort} picks. */
const LOWEST_PORT = 10_000;

/**
 * The first port the OS hands out on its own (to `listen(0)` and to outgoing
 * connections); undefined when that cannot be read or leaves no room below it.
 */
function ephemeralRangeStart(): number | undefined {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST_PORT + 1_000 ? low : undefined;
  } catch {
    return undefined;
  }
}

/** Listens on `port` (0: the OS picks) and closes again; the port, or undefined when it is taken. */
function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error),
    );
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago. For the few tests that must name
 * a port in advance; everything else listens on port 0.
 *
 * The port is picked at random below the OS's ephemeral range (Linux: 32768 and up),
 * which no outgoing connection and no `listen(0)` ever takes. A port from inside that
 * range could be taken by any connection opened between this call and the listen, and
 * tests that name a port often do slow work in between (bundling the portal, starting
 * a browser). Where the range cannot be read, the OS picks as before.
 *
 * @example
 * const port = await freePort(); // e.g. 21877
 */
export async function freePort(): Promise<number> {
  const below = ephemeralRangeStart();
  if (below === undefined) {
    const port = await tryListen(0);
    if (port === undefined) throw new Error('The OS found no free port');
    return port;
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = LOWEST_PORT + Math.floor(Math.random() * (below - LOWEST_PORT));
    const port = await tryListen(candidate);
    if (port !== undefined) return port;
  }
  throw new Error(`No free port between ${LOWEST_PORT} and ${below - 1} in 50 tries`);
}
