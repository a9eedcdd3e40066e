import type { HealthResponse, RootHealthService } from '@greenroom/backend-plugin-api';

type Phase = 'starting' | 'running' | 'stopping';

const READINESS: Record<Phase, HealthResponse> = {
  starting: { status: 503, payload: { status: 'error', message: 'Backend is starting' } },
  running: { status: 200, payload: { status: 'ok' } },
  stopping: { status: 503, payload: { status: 'error', message: 'Backend is shutting down' } },
};

/**
 * Liveness and readiness of the backend. Liveness is always ok while the process
 * answers; readiness is 503 until `markStarted()`, ok after, and 503 again from
 * `markShuttingDown()` on. The service factories call these from lifecycle hooks.
 *
 * @example
 * const health = new DefaultRootHealthService();
 * (await health.getReadiness()).status; // 503
 * health.markStarted();
 * (await health.getReadiness()).status; // 200
 */
export class DefaultRootHealthService implements RootHealthService {
  #phase: Phase = 'starting';

  /** Every startup hook has run and the server listens. */
  markStarted(): void {
    if (this.#phase === 'starting') this.#phase = 'running';
  }

  /** Shutdown has begun; load balancers should stop sending traffic. Final. */
  markShuttingDown(): void {
    this.#phase = 'stopping';
  }

  async getLiveness(): Promise<HealthResponse> {
    return { status: 200, payload: { status: 'ok' } };
  }

  async getReadiness(): Promise<HealthResponse> {
    const { status, payload } = READINESS[this.#phase];
    return { status, payload: { ...payload } };
  }
}
