export { type ErrorResponseBody, toErrorResponseBody } from './body.js';
export {
  AuthenticationError,
  BadGatewayError,
  ConflictError,
  GatewayTimeoutError,
  GreenroomError,
  InputError,
  NotAllowedError,
  NotFoundError,
  NotModifiedError,
  PayloadTooLargeError,
  ServiceUnavailableError,
} from './errors.js';
export { errorStatusCode, isError } from './status.js';
