import type { AuthService } from '@greenroom/backend-plugin-api';

/** How long a service token is reused; plugin tokens live an hour. */
const REUSE_MS = 5 * 60_000;

/**
 * The permission plugin's own tokens for calling other plugins (metadata,
 * apply-conditions), reused for a few minutes so a batch does not sign a token each time.
 *
 * @example
 * const token = await tokens.forPlugin('catalog');
 */
export class ServiceTokens {
  readonly #auth: AuthService;
  readonly #tokens = new Map<string, { at: number; token: Promise<string> }>();

  constructor(auth: AuthService) {
    this.#auth = auth;
  }

  async forPlugin(targetPluginId: string): Promise<string> {
    const cached = this.#tokens.get(targetPluginId);
    if (cached && Date.now() - cached.at < REUSE_MS) return cached.token;
    const token = this.#auth
      .getOwnServiceCredentials()
      .then((credentials) => this.#auth.getPluginRequestToken({ onBehalfOf: credentials, targetPluginId }))
      .then((result) => result.token);
    this.#tokens.set(targetPluginId, { at: Date.now(), token });
    token.catch(() => this.#tokens.delete(targetPluginId));
    return token;
  }
}
