import { AuthenticationError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { TestLogger } from '../http/testing/index.js';
import { createCredentials } from './credentials.js';
import { DefaultAuthService } from './default-auth-service.js';
import type { TokenHandler } from './token-handler.js';

describe('DefaultAuthService', () => {
  it('refuses every token while no token issuer is installed, without logging the token', async () => {
    const logger = new TestLogger();
    const auth = new DefaultAuthService({ tokenHandlers: [], logger });
    await expect(auth.authenticate('secret-token-value')).rejects.toThrow(AuthenticationError);
    await expect(auth.authenticate('secret-token-value')).rejects.toThrow(
      /no token issuer accepted this token/,
    );
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.text()).not.toContain('secret-token-value');
  });

  it('asks each token handler in turn and returns the first credentials', async () => {
    const asked: string[] = [];
    const handler = (name: string, accepts: string): TokenHandler => ({
      async verify(token) {
        asked.push(name);
        return token === accepts ? createCredentials({ type: 'service', subject: name }) : undefined;
      },
    });
    const auth = new DefaultAuthService({
      tokenHandlers: [handler('first', 'a'), handler('second', 'b')],
      logger: new TestLogger(),
    });
    expect((await auth.authenticate('b')).principal).toEqual({ type: 'service', subject: 'second' });
    expect(asked).toEqual(['first', 'second']);
    await expect(auth.authenticate('c')).rejects.toThrow(
      'Invalid token: no token issuer accepted this token',
    );
  });

  it('lets a handler refuse a token of its kind with its own error', async () => {
    const expired: TokenHandler = {
      async verify() {
        throw new AuthenticationError('The user token has expired');
      },
    };
    const auth = new DefaultAuthService({ tokenHandlers: [expired], logger: new TestLogger() });
    await expect(auth.authenticate('x')).rejects.toThrow('The user token has expired');
  });

  it('gives frozen none credentials and tells principals apart', () => {
    const auth = new DefaultAuthService({ tokenHandlers: [], logger: new TestLogger() });
    const none = auth.getNoneCredentials();
    expect(none).toEqual({ $$type: '@greenroom/Credentials', principal: { type: 'none' } });
    expect(Object.isFrozen(none) && Object.isFrozen(none.principal)).toBe(true);
    const user = createCredentials({ type: 'user', userEntityRef: 'user:default/jane' });
    expect(auth.isPrincipal(user, 'user')).toBe(true);
    expect(auth.isPrincipal(user, 'service')).toBe(false);
    expect(auth.isPrincipal(none, 'none')).toBe(true);
  });
});
