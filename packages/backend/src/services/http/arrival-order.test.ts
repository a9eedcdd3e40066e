import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dispatchInArrivalOrder } from './arrival-order.js';

let server: Server | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function listen(listener: RequestListener): Promise<number> {
  server = createServer(dispatchInArrivalOrder(listener));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A keep-alive connection that sends raw GETs and resolves each response's body, in order. */
async function connection(port: number) {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
  let buffered = '';
  const waiting: ((body: string) => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (;;) {
      const match = /^HTTP\/1\.1 200 OK\r\n[\s\S]*?content-length: (\d+)\r\n[\s\S]*?\r\n\r\n/i.exec(buffered);
      if (!match || buffered.length < match[0].length + Number(match[1])) return;
      const end = match[0].length + Number(match[1]);
      waiting.shift()?.(buffered.slice(match[0].length, end));
      buffered = buffered.slice(end);
    }
  });
  return {
    /** Sends the requests now (in one write) and resolves their bodies. */
    get(...paths: string[]): Promise<string[]> {
      const bodies = paths.map((_path) => new Promise<string>((resolve) => waiting.push(resolve)));
      socket.write(paths.map((path) => `GET ${path} HTTP/1.1\r\nHost: test\r\n\r\n`).join(''));
      return Promise.all(bodies);
    },
  };
}

/** Answers every request with its path, after `before(path)` has run. */
function echo(seen: string[], before: (path: string) => void = () => {}): RequestListener {
  return (request, response) => {
    seen.push(request.url!);
    before(request.url!);
    response.setHeader('content-length', Buffer.byteLength(request.url!));
    response.end(request.url);
  };
}

describe('dispatchInArrivalOrder', () => {
  it('hands requests read in one turn to the listener in the order their connections fell idle', async () => {
    const seen: string[] = [];
    let sent: Promise<string[]>[] = [];
    const port = await listen(
      echo(seen, (path) => {
        if (path !== '/hold') return;
        // While the server is busy here, b sends before a: the kernel lists b first,
        // but a has been waiting since its previous response, which finished earlier.
        sent = [b.get('/b2'), a.get('/a2')];
      }),
    );
    const a = await connection(port);
    const b = await connection(port);
    const c = await connection(port);
    expect(await a.get('/a1')).toEqual(['/a1']);
    expect(await b.get('/b1')).toEqual(['/b1']);
    expect(await c.get('/hold')).toEqual(['/hold']);
    expect(await Promise.all(sent)).toEqual([['/b2'], ['/a2']]);
    expect(seen).toEqual(['/a1', '/b1', '/hold', '/a2', '/b2']);
  });

  it('keeps pipelined requests on one connection in the order they were sent', async () => {
    const seen: string[] = [];
    const port = await listen(echo(seen));
    const a = await connection(port);
    expect(await a.get('/one', '/two', '/three')).toEqual(['/one', '/two', '/three']);
    expect(seen).toEqual(['/one', '/two', '/three']);
  });

  it('lets a request that waits on I/O overlap the next one', async () => {
    const seen: string[] = [];
    let release: (() => void) | undefined;
    const port = await listen((request, response) => {
      seen.push(request.url!);
      const answer = () => {
        response.setHeader('content-length', Buffer.byteLength(request.url!));
        response.end(request.url);
      };
      if (request.url === '/slow') release = answer;
      else {
        answer();
        release?.();
      }
    });
    const a = await connection(port);
    const b = await connection(port);
    const slow = a.get('/slow');
    await vi.waitFor(() => expect(seen).toEqual(['/slow']));
    expect(await b.get('/fast')).toEqual(['/fast']);
    expect(await slow).toEqual(['/slow']);
    expect(seen).toEqual(['/slow', '/fast']);
  });
});
