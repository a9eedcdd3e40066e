/** A health answer: the HTTP status and the JSON body to send. */
export interface HealthResponse {
  status: number;
  payload: { status: 'ok' | 'error'; message?: string };
}

/**
 * Liveness: the process is up. Readiness: every plugin has initialised and the
 * backend is not shutting down.
 */
export interface RootHealthService {
  getLiveness(): Promise<HealthResponse>;
  getReadiness(): Promise<HealthResponse>;
}
