import { describe, expect, it } from 'vitest';
import { backendAuthConfigSchema } from './auth-config.js';

const parse = (value: unknown) => backendAuthConfigSchema.safeParse(value);
const problems = (value: unknown) => {
  const result = parse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('backendAuthConfigSchema', () => {
  it('defaults to database keys rotated hourly, no external access and the default auth policy', () => {
    expect(backendAuthConfigSchema.parse(undefined)).toEqual({
      dangerouslyDisableDefaultAuthPolicy: false,
      pluginKeyStore: { type: 'database', database: { keyDuration: 3_600_000 } },
      externalAccess: [],
    });
  });

  it('reads the three kinds of external access, splitting lists given as one string', () => {
    const { externalAccess } = backendAuthConfigSchema.parse({
      externalAccess: [
        {
          type: 'static',
          options: { token: 'abcdefgh', subject: 'ci' },
          accessRestrictions: [{ plugin: 'catalog', permission: 'a.read, b.read' }],
        },
        {
          type: 'jwks',
          options: {
            url: 'https://idp.example.com/jwks',
            issuer: 'https://idp.example.com',
            audience: 'x y',
          },
        },
        {
          type: 'legacy',
          options: { secret: Buffer.from('long enough secret').toString('base64'), subject: 'old' },
        },
      ],
    });
    expect(externalAccess[0]!.accessRestrictions).toEqual([
      { plugin: 'catalog', permission: ['a.read', 'b.read'] },
    ]);
    expect(externalAccess[1]).toMatchObject({
      options: { issuer: ['https://idp.example.com'], audience: ['x', 'y'] },
    });
  });

  it('refuses short or spaced static tokens, unknown types and a plugin listed twice, naming the path', () => {
    expect(
      problems({ externalAccess: [{ type: 'static', options: { token: 'short', subject: 'ci' } }] }),
    ).toEqual(['externalAccess.0.options.token: token must be at least 8 characters long']);
    expect(
      problems({ externalAccess: [{ type: 'static', options: { token: 'has a space', subject: 'ci' } }] }),
    ).toEqual(['externalAccess.0.options.token: token must not contain whitespace']);
    expect(problems({ externalAccess: [{ type: 'magic', options: {} }] })[0]).toMatch(
      /^externalAccess\.0\.type: /,
    );
    expect(
      problems({
        externalAccess: [
          {
            type: 'static',
            options: { token: 'abcdefgh', subject: 'ci' },
            accessRestrictions: [{ plugin: 'a' }, { plugin: 'a' }],
          },
        ],
      }),
    ).toEqual([
      "externalAccess.0.accessRestrictions.1.plugin: Plugin 'a' is listed twice; merge its restrictions into one entry",
    ]);
  });

  it('needs static keys, the first with a private key, when the key store is static', () => {
    expect(problems({ pluginKeyStore: { type: 'static' } })).toEqual([
      "pluginKeyStore.static: pluginKeyStore.type is 'static': list the keys under pluginKeyStore.static.keys",
    ]);
    expect(
      problems({
        pluginKeyStore: { type: 'static', static: { keys: [{ keyId: 'k', publicKeyFile: 'p.pem' }] } },
      }),
    ).toEqual([
      'pluginKeyStore.static.keys.0.privateKeyFile: The first key signs tokens, so it needs a privateKeyFile',
    ]);
  });
});
