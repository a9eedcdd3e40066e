/**
 * Typed errors shared by every Greenroom package. Each maps to one HTTP status in
 * {@link errorStatusCode}; throw them from routes and services and the HTTP layer
 * renders the Backstage-shaped error body.
 *
 * @example
 * throw new NotFoundError(`No entity named 'component:default/foo'`);
 */
export class GreenroomError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
  }
}

/** The request was malformed or failed validation (400). */
export class InputError extends GreenroomError {}
/** The caller is not authenticated, or the credentials are invalid (401). */
export class AuthenticationError extends GreenroomError {}
/** The caller is authenticated but may not do this (403). */
export class NotAllowedError extends GreenroomError {}
/** The requested thing does not exist (404). */
export class NotFoundError extends GreenroomError {}
/** The request conflicts with the current state (409). */
export class ConflictError extends GreenroomError {}
/** The request body or a value is larger than allowed (413). */
export class PayloadTooLargeError extends GreenroomError {}
/** The resource has not changed since the caller's copy (304). */
export class NotModifiedError extends GreenroomError {}
/** The service cannot serve the request right now, e.g. while starting or stopping (503). */
export class ServiceUnavailableError extends GreenroomError {}
/** A dependency answered badly or could not be reached (502). */
export class BadGatewayError extends GreenroomError {}
/** A dependency did not answer in time (504). */
export class GatewayTimeoutError extends GreenroomError {}
