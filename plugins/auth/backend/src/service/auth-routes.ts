import type { HttpAuthService } from '@greenroom/backend-plugin-api';
import { InputError, NotFoundError } from '@greenroom/errors';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SigningKeys } from '../identity/signing-keys.js';
import type { UserInfoStore } from '../sessions/user-info-store.js';
import type { AuthFlows } from './auth-flows.js';
import type { ConfiguredProvider } from './provider-registry.js';

const providerParams = z.object({ provider: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) });

const startQuery = z.object({
  env: z.string().max(64).optional(),
  scope: z.string().max(2000).optional(),
  origin: z.string().max(2048).optional(),
  flow: z.enum(['popup', 'redirect']).optional(),
  redirectUrl: z.string().max(2048).optional(),
  prompt: z
    .string()
    .regex(/^[a-z_ ]{1,64}$/)
    .optional(),
});

const refreshQuery = z.object({
  env: z.string().max(64).optional(),
  scope: z.string().max(2000).optional(),
});

/** Callback parameters: at most this many, each at most this long. */
const MAX_CALLBACK_PARAMETERS = 20;
const MAX_CALLBACK_VALUE = 4096;

/**
 * The auth plugin's HTTP API (Backstage's shapes): providers, the sign-in flows,
 * JWKS and discovery, and `/v1/userinfo`.
 *
 * @example
 * http.use(authRoutes({ providers, flows, keys, userInfo, httpAuth, issuer, environment }));
 */
export function authRoutes(options: {
  providers: ReadonlyMap<string, ConfiguredProvider>;
  flows: AuthFlows;
  keys: SigningKeys;
  userInfo: UserInfoStore;
  httpAuth: HttpAuthService;
  environment: string;
  /** The external base URL of the plugin (the `iss` of user tokens). */
  issuer: () => Promise<string>;
}): FastifyPluginAsync {
  const { providers, flows } = options;
  const providerOf = (request: FastifyRequest): ConfiguredProvider => {
    const { provider } = parse(providerParams, request.params, 'path');
    const found = providers.get(provider);
    if (!found) throw new NotFoundError(`No sign-in provider '${provider}' is installed and configured`);
    return found;
  };
  const offered = [...providers.values()].filter((p) =>
    p.kind === 'oauth'
      ? p.environments.has(options.environment)
      : (p.registration.isEnabled?.({ config: p.config, environment: options.environment }) ?? true),
  );

  return async (app) => {
    app.get('/providers', async () => ({
      environment: options.environment,
      providers: offered.map((p) => ({ id: p.id, title: p.title })),
    }));

    app.get('/:provider/start', async (request, reply) => {
      const provider = providerOf(request);
      if (provider.kind !== 'oauth')
        throw new NotFoundError(`The '${provider.id}' provider has no start step`);
      await flows.start(provider, parse(startQuery, request.query, 'query'), reply);
    });

    app.get('/:provider/handler/frame', async (request, reply) => {
      const provider = providerOf(request);
      if (provider.kind !== 'oauth') throw new NotFoundError(`The '${provider.id}' provider has no callback`);
      await flows.handleCallback(provider, request, callbackParameters(request.query), reply);
    });

    app.get('/:provider/refresh', async (request, reply) => {
      const provider = providerOf(request);
      return reply.send(
        await flows.refresh(provider, request, parse(refreshQuery, request.query, 'query'), reply),
      );
    });

    app.post('/:provider/logout', async (request, reply) => {
      const provider = providerOf(request);
      await flows.logout(provider, request, reply);
      return reply.code(200).send({});
    });

    app.get('/.well-known/jwks.json', async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=60').send(await options.keys.listPublicKeys()),
    );

    app.get('/.well-known/openid-configuration', async () => {
      const issuer = await options.issuer();
      return {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        userinfo_endpoint: `${issuer}/v1/userinfo`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
        scopes_supported: ['openid'],
        token_endpoint_auth_methods_supported: [],
        claims_supported: ['sub', 'iss', 'aud', 'iat', 'exp'],
        grant_types_supported: [],
      };
    });

    app.get('/v1/userinfo', async (request) => {
      const credentials = await options.httpAuth.credentials(request, { allow: ['user'] });
      return options.userInfo.get(credentials.principal.userEntityRef);
    });
  };
}

function parse<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || where}: ${i.message}`).join('; ');
    throw new InputError(`Invalid ${where}: ${problems}`);
  }
  return parsed.data;
}

/** The callback's query as strings, bounded; anything odd is a 400. */
function callbackParameters(query: unknown): Record<string, string> {
  const entries = Object.entries((query ?? {}) as Record<string, unknown>);
  if (entries.length > MAX_CALLBACK_PARAMETERS) throw new InputError('Too many query parameters');
  const result: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (typeof value !== 'string' || value.length > MAX_CALLBACK_VALUE) {
      throw new InputError(`Invalid query parameter '${key.slice(0, 50)}'`);
    }
    result[key] = value;
  }
  return result;
}
