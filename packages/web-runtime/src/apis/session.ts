/**
 * The auth plugin's answer to sign-in and refresh (Backstage's SessionResponse).
 *
 * @example
 * const session: SessionResponse = await (await fetch('/api/auth/guest/refresh', …)).json();
 */
export interface SessionResponse {
  profile: { email?: string; displayName?: string; picture?: string };
  providerInfo?: { accessToken?: string; scope?: string; expiresInSeconds?: number };
  backstageIdentity: {
    token: string;
    expiresInSeconds?: number;
    identity: { type: 'user'; userEntityRef: string; ownershipEntityRefs: string[] };
  };
}

/** A sign-in provider the auth plugin offers (`GET /api/auth/providers`). */
export interface AuthProviderInfo {
  id: string;
  title: string;
}

/** A signed-in session as the web app keeps it. */
export interface Session {
  providerId: string;
  response: SessionResponse;
  /** Epoch milliseconds when the user token expires. */
  expiresAt: number;
}

/**
 * Whether a value has the shape of a {@link SessionResponse} (the parts the app uses).
 *
 * @example
 * if (!isSessionResponse(body)) throw new Error('Unexpected sign-in response');
 */
export function isSessionResponse(value: unknown): value is SessionResponse {
  const v = value as SessionResponse | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.profile === 'object' &&
    typeof v.backstageIdentity?.token === 'string' &&
    typeof v.backstageIdentity.identity?.userEntityRef === 'string' &&
    Array.isArray(v.backstageIdentity.identity.ownershipEntityRefs)
  );
}
