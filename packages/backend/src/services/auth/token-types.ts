import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import { TokenRefusal } from './token-handler.js';

/** The `typ` of user tokens issued by the auth plugin. */
export const USER_TOKEN_TYPE = 'vnd.backstage.user';
/** The `typ` of limited user tokens (the `greenroom-auth` cookie). */
export const LIMITED_USER_TOKEN_TYPE = 'vnd.backstage.limited-user';
/** The `typ` of plugin-to-plugin tokens. */
export const PLUGIN_TOKEN_TYPE = 'vnd.backstage.plugin';
/** Longest token looked at; anything longer is refused unparsed. */
export const MAX_TOKEN_LENGTH = 16 * 1024;

/**
 * The unverified header and claims of a compact JWT, or `undefined` when the token is
 * not one. Only for choosing how to verify it; never trust what it returns.
 *
 * @example
 * peekJwt(token)?.header.typ; // 'vnd.backstage.user'
 */
export function peekJwt(
  token: string,
): { header: ProtectedHeaderParameters; claims: JWTPayload } | undefined {
  if (token.length > MAX_TOKEN_LENGTH || !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token)) return undefined;
  try {
    return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  } catch {
    return undefined;
  }
}

/**
 * Turns a failure of `jwtVerify` into a {@link TokenRefusal} whose reason names what
 * failed (signature, expiry, a claim) for the log.
 *
 * @example
 * await jwtVerify(token, keys).catch(refusal('plugin token'));
 */
export function refusal(kind: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof TokenRefusal) throw error;
    if (error instanceof errors.JWTClaimValidationFailed) {
      throw new TokenRefusal(kind, `claim '${error.claim}' ${error.reason}: ${error.message}`, {
        cause: error,
      });
    }
    if (error instanceof errors.JOSEError) {
      throw new TokenRefusal(kind, `${error.code}: ${error.message}`, { cause: error });
    }
    throw new TokenRefusal(kind, `verification failed: ${(error as Error)?.message ?? String(error)}`, {
      cause: error,
    });
  };
}
