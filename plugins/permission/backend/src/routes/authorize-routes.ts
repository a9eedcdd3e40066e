import type { FastifyPluginAsync, HttpAuthService } from '@greenroom/backend-plugin-api';
import { InputError } from '@greenroom/errors';
import { authorizeRequestSchema } from '@greenroom/plugin-permission-common';
import { z } from 'zod';
import type { Authorizer } from '../authorize/authorizer.js';

/**
 * `POST /authorize`: a batch of up to 1000 checks in Backstage's shape, for users
 * (usually on-behalf-of, through another plugin) and services.
 *
 * @example
 * http.use(authorizeRoutes({ authorizer, httpAuth }));
 */
export function authorizeRoutes(options: {
  authorizer: Authorizer;
  httpAuth: HttpAuthService;
}): FastifyPluginAsync {
  const { authorizer, httpAuth } = options;
  return async (app) => {
    app.post('/authorize', { bodyLimit: 2 * 1024 * 1024 }, async (request) => {
      const credentials = await httpAuth.credentials(request, { allow: ['user', 'service'] });
      const parsed = authorizeRequestSchema.safeParse(request.body);
      if (!parsed.success) {
        throw new InputError(`Invalid authorize request: ${z.prettifyError(parsed.error)}`);
      }
      const ids = new Set(parsed.data.items.map((item) => item.id));
      if (ids.size !== parsed.data.items.length) {
        throw new InputError('Invalid authorize request: item ids must be unique within a batch');
      }
      return authorizer.authorize(parsed.data, credentials);
    });
  };
}
