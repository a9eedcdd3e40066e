import { type AuthProviderInfo, isSessionResponse, type Session, type SessionResponse } from './session.js';

/**
 * The signed-in user as the web app sees it.
 *
 * @example
 * const identity = useApi(identityApiRef);
 * await identity.signIn('guest');
 * identity.getSession()?.response.profile.displayName;
 */
export interface IdentityApi {
  /** The providers the sign-in page offers, and the auth environment. */
  getProviders(): Promise<{ environment: string; providers: AuthProviderInfo[] }>;
  /** The current session, if signed in. */
  getSession(): Session | undefined;
  /** Tries to resume the last session from its refresh cookie; resolves to it, or undefined. */
  restore(): Promise<Session | undefined>;
  /** Signs in with a provider: guest directly, others through a popup. */
  signIn(providerId: string): Promise<Session>;
  /** The user token for API calls, refreshed first when it is about to expire. */
  getCredentials(): Promise<{ token?: string }>;
  /** Revokes the session and signs out every tab of the portal. */
  signOut(): Promise<void>;
  /** Calls `listener` whenever the session changes; returns an unsubscribe function. */
  subscribe(listener: (session: Session | undefined) => void): () => void;
}

const PROVIDER_STORAGE_KEY = 'greenroom.auth.provider';
const CHANNEL_NAME = 'greenroom-auth';
/** Refresh this long before the token expires. */
const REFRESH_MARGIN_MS = 60_000;

/** What {@link SessionIdentityApi} needs from the browser; tests pass their own. */
export interface IdentityEnvironment {
  /** The auth plugin's base URL, e.g. `http://localhost:7007/api/auth`. */
  authBaseUrl: string;
  /** The web app's origin, sent to the auth plugin for popup sign-in. */
  appOrigin: string;
  fetch?: typeof fetch;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Opens the sign-in popup; defaults to `window.open`. */
  openPopup?(url: string): Window | null;
  now?(): number;
}

/**
 * An {@link IdentityApi} over the auth plugin's HTTP API: refresh cookies keep the
 * session, the user token lives in memory only, and sign-out is broadcast to other tabs.
 *
 * @example
 * const identity = new SessionIdentityApi({ authBaseUrl: `${origin}/api/auth`, appOrigin: origin });
 */
export class SessionIdentityApi implements IdentityApi {
  readonly #env: Required<Pick<IdentityEnvironment, 'authBaseUrl' | 'appOrigin' | 'fetch' | 'now'>> &
    IdentityEnvironment;
  readonly #listeners = new Set<(session: Session | undefined) => void>();
  #session: Session | undefined;
  #environment: string | undefined;
  #refreshing: Promise<Session | undefined> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #channel: BroadcastChannel | undefined;

  constructor(env: IdentityEnvironment) {
    this.#env = {
      fetch: (input, init) => globalThis.fetch(input, init),
      now: () => Date.now(),
      ...env,
      authBaseUrl: env.authBaseUrl.replace(/\/+$/, ''),
    };
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(CHANNEL_NAME);
      this.#channel.onmessage = (event: MessageEvent) => {
        if (event.data === 'signed-out') this.#setSession(undefined);
      };
    }
  }

  async getProviders(): Promise<{ environment: string; providers: AuthProviderInfo[] }> {
    const response = await this.#env.fetch(`${this.#env.authBaseUrl}/providers`);
    if (!response.ok) throw new Error(`Could not list sign-in providers (HTTP ${response.status})`);
    const body = (await response.json()) as { environment?: string; providers?: AuthProviderInfo[] };
    this.#environment = body.environment ?? 'development';
    return { environment: this.#environment, providers: body.providers ?? [] };
  }

  getSession(): Session | undefined {
    return this.#session;
  }

  async restore(): Promise<Session | undefined> {
    const providerId = this.#env.storage?.getItem(PROVIDER_STORAGE_KEY);
    if (!providerId) return undefined;
    try {
      return await this.#refresh(providerId);
    } catch {
      return undefined;
    }
  }

  async signIn(providerId: string): Promise<Session> {
    if (providerId === 'guest') {
      const session = await this.#refresh('guest');
      if (!session) throw new Error('Guest sign-in was refused by the auth plugin');
      return session;
    }
    const response = await this.#popup(providerId);
    return this.#accept(providerId, response);
  }

  async getCredentials(): Promise<{ token?: string }> {
    const session = this.#session;
    if (!session) return {};
    if (session.expiresAt - this.#env.now() < REFRESH_MARGIN_MS) {
      const refreshed = await this.#refresh(session.providerId).catch(() => undefined);
      return { token: refreshed?.response.backstageIdentity.token };
    }
    return { token: session.response.backstageIdentity.token };
  }

  async signOut(): Promise<void> {
    const providerId = this.#session?.providerId ?? this.#env.storage?.getItem(PROVIDER_STORAGE_KEY);
    this.#env.storage?.removeItem(PROVIDER_STORAGE_KEY);
    this.#setSession(undefined);
    this.#channel?.postMessage('signed-out');
    if (providerId) {
      await this.#env
        .fetch(`${this.#env.authBaseUrl}/${encodeURIComponent(providerId)}/logout`, {
          method: 'POST',
          headers: { 'x-requested-with': 'XMLHttpRequest' },
          credentials: 'include',
        })
        .catch(() => undefined);
    }
  }

  subscribe(listener: (session: Session | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #envName(): Promise<string> {
    if (this.#environment === undefined) await this.getProviders();
    return this.#environment ?? 'development';
  }

  /** One refresh at a time: concurrent callers share it. */
  #refresh(providerId: string): Promise<Session | undefined> {
    this.#refreshing ??= (async () => {
      try {
        const env = await this.#envName();
        const url = `${this.#env.authBaseUrl}/${encodeURIComponent(providerId)}/refresh?env=${encodeURIComponent(env)}`;
        const response = await this.#env.fetch(url, {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
          credentials: 'include',
        });
        if (response.status === 401) {
          this.#setSession(undefined);
          return undefined;
        }
        if (!response.ok) throw new Error(`Sign-in with '${providerId}' failed (HTTP ${response.status})`);
        return this.#accept(providerId, await response.json());
      } finally {
        this.#refreshing = undefined;
      }
    })();
    return this.#refreshing;
  }

  #accept(providerId: string, body: unknown): Session {
    if (!isSessionResponse(body))
      throw new Error(`Sign-in with '${providerId}' returned an unexpected response`);
    const lifetimeMs = (body.backstageIdentity.expiresInSeconds ?? 3600) * 1000;
    const session: Session = { providerId, response: body, expiresAt: this.#env.now() + lifetimeMs };
    this.#env.storage?.setItem(PROVIDER_STORAGE_KEY, providerId);
    this.#setSession(session);
    return session;
  }

  #setSession(session: Session | undefined): void {
    this.#session = session;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (session) {
      const delay = Math.max(session.expiresAt - this.#env.now() - REFRESH_MARGIN_MS, 5_000);
      this.#timer = setTimeout(() => void this.#refresh(session.providerId).catch(() => undefined), delay);
    }
    for (const listener of this.#listeners) listener(session);
  }

  #popup(providerId: string): Promise<SessionResponse> {
    return new Promise((resolve, reject) => {
      void this.#envName().then((env) => {
        const params = new URLSearchParams({ env, origin: this.#env.appOrigin, flow: 'popup' });
        const url = `${this.#env.authBaseUrl}/${encodeURIComponent(providerId)}/start?${params}`;
        const open =
          this.#env.openPopup ?? ((u: string) => window.open(u, 'greenroom-sign-in', 'width=500,height=700'));
        const popup = open(url);
        if (!popup) {
          reject(new Error('The sign-in popup was blocked; allow popups for this site and try again'));
          return;
        }
        const authOrigin = new URL(this.#env.authBaseUrl).origin;
        const onMessage = (event: MessageEvent) => {
          if (event.origin !== authOrigin || event.data?.type !== 'authorization_response') return;
          cleanup();
          if (event.data.error) reject(new Error(event.data.error.message ?? 'Sign-in failed'));
          else resolve(event.data.response);
        };
        const closed = setInterval(() => {
          if (popup.closed) {
            cleanup();
            reject(new Error('The sign-in popup was closed before signing in'));
          }
        }, 500);
        const cleanup = () => {
          window.removeEventListener('message', onMessage);
          clearInterval(closed);
        };
        window.addEventListener('message', onMessage);
      }, reject);
    });
  }
}
