import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** A person the test identity provider knows. */
export interface TestAccount {
  sub: string;
  email: string;
  name: string;
}

/**
 * A real OpenID Connect provider (`oidc-provider`) on 127.0.0.1 for tests, with one
 * confidential client, PKCE required, refresh tokens always issued, and its built-in
 * login/consent pages, which {@link TestIdentityProvider.signIn} drives with fetch.
 *
 * @example
 * const idp = await TestIdentityProvider.start({ redirectUri, accounts: [{ sub: 'jane', email: 'jane@example.com', name: 'Jane' }] });
 * const callbackUrl = await idp.signIn(authorizationUrl, 'jane');
 */
export class TestIdentityProvider {
  readonly issuer: string;
  readonly clientId = 'greenroom';
  readonly clientSecret = 'greenroom-test-secret-0123456789';
  readonly #server: Server;

  private constructor(issuer: string, server: Server) {
    this.issuer = issuer;
    this.#server = server;
  }

  static async start(options: {
    redirectUri: string;
    accounts: TestAccount[];
  }): Promise<TestIdentityProvider> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const idp = new TestIdentityProvider(issuer, server);
    const configuration: Configuration = {
      clients: [
        {
          client_id: idp.clientId,
          client_secret: idp.clientSecret,
          redirect_uris: [options.redirectUri],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      scopes: ['openid', 'offline_access', 'email', 'profile', 'groups', 'extra'],
      cookies: { keys: ['test-cookie-key-0123456789'] },
      features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
      pkce: { required: () => true },
      issueRefreshToken: async () => true,
      findAccount: async (_ctx, sub) => {
        const account = options.accounts.find((a) => a.sub === sub);
        if (!account) return undefined;
        return {
          accountId: sub,
          claims: async () => ({ sub, email: account.email, email_verified: true, name: account.name }),
        };
      },
    };
    const provider = new Provider(issuer, configuration);
    server.on('request', provider.callback());
    return idp;
  }

  /**
   * Plays the browser at the identity provider: follows the authorization URL, logs in
   * as `sub`, consents, and returns the URL the provider sends the browser back to.
   */
  async signIn(authorizationUrl: string, sub: string): Promise<string> {
    // A fresh browser each time: no session left over from an earlier sign-in.
    const cookies = new Map<string, string>();
    let url = authorizationUrl;
    let method = 'GET';
    let body: URLSearchParams | undefined;
    for (let hop = 0; hop < 20; hop++) {
      const response = await fetch(url, {
        method,
        redirect: 'manual',
        headers: {
          cookie: cookieHeader(cookies),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(body ? { body } : {}),
      });
      storeCookies(cookies, response);
      const location = response.headers.get('location');
      if (location) {
        const next = new URL(location, url).toString();
        if (!next.startsWith(this.issuer)) return next;
        url = next;
        method = 'GET';
        body = undefined;
        continue;
      }
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
      if (!action || !prompt)
        throw new Error(`The identity provider answered ${response.status}: ${html.slice(0, 500)}`);
      url = new URL(action.replaceAll('&amp;', '&'), url).toString();
      method = 'POST';
      body = new URLSearchParams(prompt === 'login' ? { prompt, login: sub, password: 'any' } : { prompt });
    }
    throw new Error('Too many redirects at the identity provider');
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}

function storeCookies(cookies: Map<string, string>, response: Response): void {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const index = pair!.indexOf('=');
    cookies.set(pair!.slice(0, index).trim(), pair!.slice(index + 1).trim());
  }
}
