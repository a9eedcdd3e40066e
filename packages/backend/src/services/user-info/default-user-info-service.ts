import type {
  AuthService,
  Credentials,
  DiscoveryService,
  UserInfo,
  UserInfoService,
  UserPrincipal,
} from '@greenroom/backend-plugin-api';
import { AuthenticationError } from '@greenroom/errors';
import { z } from 'zod';
import { tokenOfCredentials } from '../auth/credentials.js';

const userInfoSchema = z.object({
  userEntityRef: z.string().min(1),
  ownershipEntityRefs: z.array(z.string()).max(10_000),
});

/** Options of {@link DefaultUserInfoService}. */
export interface DefaultUserInfoServiceOptions {
  auth: AuthService;
  discovery: DiscoveryService;
  /** How long an answer is reused for the same user and token (default 10 s). */
  cacheTtlMs?: number;
  /** How many answers are kept at most (default 1000). */
  cacheMaxEntries?: number;
}

/**
 * Asks the auth plugin who a user is and what they own:
 * `GET <discovery.getBaseUrl('auth')>/v1/userinfo` with an on-behalf-of plugin token.
 * Answers are reused for a few seconds per user and token, so a request that checks
 * ownership several times asks once.
 *
 * @example
 * const userInfo = new DefaultUserInfoService({ auth, discovery });
 * const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
 */
export class DefaultUserInfoService implements UserInfoService {
  readonly #auth: AuthService;
  readonly #discovery: DiscoveryService;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #cache = new Map<string, { at: number; info: Promise<UserInfo> }>();

  constructor(options: DefaultUserInfoServiceOptions) {
    this.#auth = options.auth;
    this.#discovery = options.discovery;
    this.#ttlMs = options.cacheTtlMs ?? 10_000;
    this.#maxEntries = options.cacheMaxEntries ?? 1_000;
  }

  async getUserInfo(credentials: Credentials<UserPrincipal>): Promise<UserInfo> {
    if (credentials.principal.type !== 'user') {
      throw new TypeError(
        `getUserInfo needs user credentials, got ${credentials.principal.type} credentials`,
      );
    }
    const key = `${credentials.principal.userEntityRef}\n${tokenOfCredentials(credentials)?.token ?? ''}`;
    const now = Date.now();
    const cached = this.#cache.get(key);
    if (cached && now - cached.at < this.#ttlMs) return cached.info;
    const info = this.#fetch(credentials);
    this.#remember(key, { at: now, info });
    info.catch(() => this.#cache.delete(key));
    return info;
  }

  async #fetch(credentials: Credentials<UserPrincipal>): Promise<UserInfo> {
    const baseUrl = await this.#discovery.getBaseUrl('auth');
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'auth',
    });
    const url = `${baseUrl}/v1/userinfo`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new Error(
        `Cannot reach the auth plugin at ${url} for user info: ${(error as Error).message}. ` +
          "Is the auth plugin installed, and does discovery point at it (discovery.endpoints for 'auth')?",
        { cause: error },
      );
    }
    if (response.status === 404) {
      throw new Error(
        `The auth plugin did not answer GET ${url} (404): install the auth plugin in a backend and ` +
          "make discovery point at it (discovery.endpoints for 'auth')",
      );
    }
    if (response.status === 401) {
      throw new AuthenticationError('The auth plugin refused the user credentials when asked for user info');
    }
    if (!response.ok) {
      throw new Error(`The auth plugin answered GET ${url} with ${response.status}`);
    }
    const parsed = userInfoSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new Error(`The auth plugin answered GET ${url} with an unexpected body: ${parsed.error.message}`);
    }
    return parsed.data;
  }

  #remember(key: string, entry: { at: number; info: Promise<UserInfo> }): void {
    this.#cache.delete(key);
    if (this.#cache.size >= this.#maxEntries) {
      // Map keeps insertion order: drop expired entries, then the oldest if still full.
      const now = Date.now();
      for (const [k, v] of this.#cache) if (now - v.at >= this.#ttlMs) this.#cache.delete(k);
      if (this.#cache.size >= this.#maxEntries) this.#cache.delete(this.#cache.keys().next().value!);
    }
    this.#cache.set(key, entry);
  }
}
