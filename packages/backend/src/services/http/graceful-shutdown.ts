import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@greenroom/backend-plugin-api';
import { ServiceUnavailableError } from '@greenroom/errors';
import type { FastifyInstance } from 'fastify';
import { sendError } from './error-handler.js';

const SHUTTING_DOWN = new ServiceUnavailableError('The backend is shutting down; send the request again');

/** How the server stops: see `backend.lifecycle`. */
export interface GracefulShutdownOptions {
  /** Keep serving this long after shutdown begins (readiness is already 503 by then). */
  serverShutdownDelay: number;
  /** Cut the connections of requests still running after this long. */
  shutdownTimeout: number;
}

/**
 * Stops a Fastify server without dropping requests: wait `serverShutdownDelay`,
 * stop accepting connections, let in-flight requests finish (their responses carry
 * `Connection: close`), answer requests that still arrive on open connections with
 * 503, and cut what is left after `shutdownTimeout`.
 *
 * @example
 * const shutdown = new GracefulShutdown(server, logger, { serverShutdownDelay: 0, shutdownTimeout: 30_000 });
 * await shutdown.stop();
 */
export class GracefulShutdown {
  readonly #server: FastifyInstance;
  readonly #logger: Logger;
  readonly #options: GracefulShutdownOptions;
  readonly #activeSockets = new Set<Socket>();
  #closing = false;
  #stopping?: Promise<void>;

  constructor(server: FastifyInstance, logger: Logger, options: GracefulShutdownOptions) {
    this.#server = server;
    this.#logger = logger;
    this.#options = options;
    server.addHook('onRequest', async (request, reply) => {
      const socket = request.raw.socket;
      if (!this.#activeSockets.has(socket)) {
        this.#activeSockets.add(socket);
        socket.once('close', () => this.#activeSockets.delete(socket));
      }
      if (this.#closing) {
        reply.header('connection', 'close');
        return sendError(reply, request, SHUTTING_DOWN, true);
      }
    });
    server.addHook('onSend', async (_request, reply) => {
      if (this.#closing) reply.header('connection', 'close');
    });
  }

  /** Whether the server has begun closing (after the shutdown delay). */
  get closing(): boolean {
    return this.#closing;
  }

  /** Stops the server; resolves once every connection is closed. Safe to call more than once. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const { serverShutdownDelay, shutdownTimeout } = this.#options;
    const wasListening = this.#server.server.listening;
    if (serverShutdownDelay > 0 && wasListening) {
      this.#logger.info(
        `Shutting down: serving for ${serverShutdownDelay} ms more (backend.lifecycle.serverShutdownDelay)`,
      );
      await sleep(serverShutdownDelay);
    }
    this.#closing = true;
    const forceClose = setTimeout(() => {
      this.#logger.warn(
        `${this.#activeSockets.size} connection(s) still busy after ${shutdownTimeout} ms ` +
          '(backend.lifecycle.shutdownTimeout); closing them',
      );
      for (const socket of this.#activeSockets) socket.destroy();
      this.#server.server.closeAllConnections();
    }, shutdownTimeout);
    try {
      await this.#server.close();
    } finally {
      clearTimeout(forceClose);
    }
    if (wasListening) this.#logger.info('HTTP server stopped');
  }
}
