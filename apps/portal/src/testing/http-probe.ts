import { setTimeout as sleep } from 'node:timers/promises';

/** The readiness path of the backend's health routes. */
export const READINESS_PATH = '/.backstage/health/v1/readiness';

/**
 * Polls `GET <baseUrl>/.backstage/health/v1/readiness` every 10 ms until it answers
 * 200; rejects after `timeoutMs` with the last status or error seen.
 *
 * @example
 * await waitForReadiness(await portal.listeningUrl());
 */
export async function waitForReadiness(baseUrl: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseUrl}${READINESS_PATH}`);
      await response.arrayBuffer();
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(10);
  }
  throw new Error(`${baseUrl}${READINESS_PATH} was not ready within ${timeoutMs} ms (last: ${last})`);
}
