import { GreenroomError } from '@greenroom/errors';

/**
 * A URL could not be read: the server answered with an unexpected status, or could
 * not be reached. Answered as 502 Bad Gateway, since the fault is upstream.
 *
 * @example
 * throw new UrlReadError(`Could not read 'https://example.com/a.yaml': 500 Internal Server Error`, 500);
 */
export class UrlReadError extends GreenroomError {
  /** The HTTP status of the upstream answer, when there was one. */
  readonly upstreamStatus: number | undefined;
  readonly statusCode = 502;

  constructor(message: string, upstreamStatus?: number, cause?: unknown) {
    super(message, cause);
    this.upstreamStatus = upstreamStatus;
  }
}
