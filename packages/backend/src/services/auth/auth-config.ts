import { DURATION_DESCRIPTION, durationSchema } from '@greenroom/config';
import { z } from 'zod';

const noWhitespace = (what: string) => z.string().regex(/^\S+$/, `${what} must not contain whitespace`);

/** A string or a list of strings; a string may hold several values split on spaces or commas. */
const stringOrList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(/[\s,]+/)).filter((v) => v !== ''));

const accessRestrictionSchema = z.strictObject({
  plugin: z.string().min(1).describe('The plugin id this token may call'),
  permission: stringOrList.optional().describe('Permission names the token may use there'),
  permissionAttribute: z
    .strictObject({
      action: z
        .union([
          z.enum(['create', 'read', 'update', 'delete']),
          z.array(z.enum(['create', 'read', 'update', 'delete'])),
        ])
        .transform((value) => (Array.isArray(value) ? value : [value])),
    })
    .optional()
    .describe('Permission attributes the token may use there'),
});

const accessRestrictionsSchema = z
  .array(accessRestrictionSchema)
  .optional()
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list?.forEach((entry, index) => {
      if (seen.has(entry.plugin)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'plugin'],
          message: `Plugin '${entry.plugin}' is listed twice; merge its restrictions into one entry`,
        });
      }
      seen.add(entry.plugin);
    });
  })
  .describe('The plugins (and permissions) this token may use; leave out for no restriction');

/** One `backend.auth.externalAccess[]` entry, validated. */
export const externalAccessEntrySchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('static'),
    options: z.strictObject({
      token: noWhitespace('token')
        .min(8, 'token must be at least 8 characters long')
        .describe('The token callers send as `Authorization: Bearer <token>`')
        .meta({ visibility: 'secret' }),
      subject: noWhitespace('subject').describe('Who callers with this token are, e.g. `ci-bot`'),
    }),
    accessRestrictions: accessRestrictionsSchema,
  }),
  z.strictObject({
    type: z.literal('jwks'),
    options: z.strictObject({
      url: z.url().describe('Where the issuer publishes its JSON Web Key Set'),
      issuer: stringOrList.describe('Accepted `iss` values'),
      algorithm: stringOrList.optional().describe('Accepted `alg` values (default: those of the keys)'),
      audience: stringOrList.optional().describe('Accepted `aud` values'),
      subjectPrefix: noWhitespace('subjectPrefix').optional(),
    }),
    accessRestrictions: accessRestrictionsSchema,
  }),
  z.strictObject({
    type: z.literal('legacy'),
    options: z.strictObject({
      secret: z
        .string()
        .regex(/^[A-Za-z0-9+/=_-]+$/, 'secret must be base64')
        .refine((s) => Buffer.from(s, 'base64').length >= 8, 'secret must decode to at least 8 bytes')
        .describe('The shared HS256 secret, base64')
        .meta({ visibility: 'secret' }),
      subject: noWhitespace('subject'),
    }),
    accessRestrictions: accessRestrictionsSchema,
  }),
]);

/** A validated `backend.auth.externalAccess[]` entry. */
export type ExternalAccessEntry = z.output<typeof externalAccessEntrySchema>;

const staticKeySchema = z.strictObject({
  publicKeyFile: z.string().min(1).describe('SPKI PEM file of the public key'),
  privateKeyFile: z.string().min(1).optional().describe('PKCS#8 PEM file of the private key'),
  keyId: z.string().min(1).describe('The `kid` of the key'),
  algorithm: z.string().default('ES256'),
});

/** `backend.auth.pluginKeyStore`: where plugins keep the keys that sign plugin tokens. */
export const pluginKeyStoreConfigSchema = z
  .strictObject({
    type: z.enum(['database', 'static']).default('database'),
    database: z
      .strictObject({
        keyDuration: durationSchema
          .prefault('1h')
          .describe(`How long one signing key is used before a new one is made. ${DURATION_DESCRIPTION}`),
      })
      .prefault({}),
    static: z
      .strictObject({
        keys: z
          .array(staticKeySchema)
          .min(1)
          .refine((keys) => keys[0]?.privateKeyFile !== undefined, {
            message: 'The first key signs tokens, so it needs a privateKeyFile',
            path: [0, 'privateKeyFile'],
          }),
      })
      .optional(),
  })
  .prefault({})
  .superRefine((store, ctx) => {
    if (store.type === 'static' && !store.static) {
      ctx.addIssue({
        code: 'custom',
        path: ['static'],
        message: "pluginKeyStore.type is 'static': list the keys under pluginKeyStore.static.keys",
      });
    }
  })
  .describe('Where each plugin keeps the keys that sign its plugin tokens');

/** A validated `backend.auth.pluginKeyStore`. */
export type PluginKeyStoreConfig = z.output<typeof pluginKeyStoreConfigSchema>;

/**
 * The schema of `backend.auth`: the default auth policy, the plugin key store and
 * external access tokens.
 *
 * @example
 * backendAuthConfigSchema.parse({ externalAccess: [{ type: 'static', options: { token: 'abcdefgh', subject: 'ci' } }] });
 */
export const backendAuthConfigSchema = z
  .object({
    dangerouslyDisableDefaultAuthPolicy: z
      .boolean()
      .default(false)
      .describe(
        'Let requests without credentials reach every plugin route. Only for local experiments; never in production',
      ),
    pluginKeyStore: pluginKeyStoreConfigSchema,
    externalAccess: z
      .array(externalAccessEntrySchema)
      .default([])
      .describe('Tokens that callers outside the backend (CI, scripts, other systems) may use'),
  })
  .prefault({})
  .describe('Authentication of requests to the backend');

/** A validated `backend.auth`. */
export type BackendAuthConfig = z.output<typeof backendAuthConfigSchema>;
