import { coreServices, createBackendPlugin, type PermissionRule } from '@greenroom/backend-plugin-api';
import { NotAllowedError } from '@greenroom/errors';
import { createPermission } from '@greenroom/plugin-permission-common';
import { z } from 'zod';

/** A resource of the test plugin. */
export interface TestDoc {
  ref: string;
  owner: string;
}

export const docReadPermission = createPermission({
  name: 'docs.doc.read',
  attributes: { action: 'read' },
  resourceType: 'doc',
});
export const docDeletePermission = createPermission({
  name: 'docs.doc.delete',
  attributes: { action: 'delete' },
  resourceType: 'doc',
});
export const docUpdatePermission = createPermission({
  name: 'docs.doc.update',
  attributes: { action: 'update' },
  resourceType: 'doc',
});
export const docCreatePermission = createPermission({
  name: 'docs.doc.create',
  attributes: { action: 'create' },
});

const isDocOwner: PermissionRule<TestDoc, (doc: TestDoc) => boolean, 'doc', { claims: string[] }> = {
  name: 'IS_DOC_OWNER',
  description: 'The doc is owned by one of the claims',
  resourceType: 'doc',
  paramsSchema: z.object({ claims: z.array(z.string()) }),
  apply: (doc, { claims }) => claims.includes(doc.owner),
  toQuery:
    ({ claims }) =>
    (doc) =>
      claims.includes(doc.owner),
};

/** The docs every test backend holds. */
export const TEST_DOCS: readonly TestDoc[] = [
  { ref: 'doc:a', owner: 'group:default/team-a' },
  { ref: 'doc:b', owner: 'group:default/team-b' },
];

/**
 * A small resource plugin (`docs`) for permission tests: declares `doc` resources with
 * the rule `IS_DOC_OWNER`, and routes that check permissions through
 * `coreServices.permissions` with the caller's credentials.
 */
export const docsTestPlugin = createBackendPlugin({
  pluginId: 'docs',
  register(reg) {
    reg.registerInit({
      deps: {
        http: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        registry: coreServices.permissionsRegistry,
      },
      async init({ http, httpAuth, permissions, registry }) {
        registry.addResourceType<TestDoc, (doc: TestDoc) => boolean>({
          resourceType: 'doc',
          permissions: [docReadPermission, docDeletePermission, docUpdatePermission],
          rules: [isDocOwner],
          getResources: async (refs) => refs.map((ref) => TEST_DOCS.find((doc) => doc.ref === ref)),
        });
        registry.addPermissions([docCreatePermission]);
        http.use(async (app) => {
          app.get('/docs', async (request) => {
            const credentials = await httpAuth.credentials(request);
            const [decision] = await permissions.authorizeConditional([{ permission: docReadPermission }], {
              credentials,
            });
            if (decision?.result === 'ALLOW') return TEST_DOCS;
            if (decision?.result !== 'CONDITIONAL') return [];
            return TEST_DOCS.filter((doc) => registry.applyConditions('doc', doc, decision.conditions));
          });
          app.delete('/docs/:ref', async (request, reply) => {
            const credentials = await httpAuth.credentials(request);
            const { ref } = request.params as { ref: string };
            const [decision] = await permissions.authorize(
              [{ permission: docDeletePermission, resourceRef: ref }],
              {
                credentials,
              },
            );
            if (decision?.result !== 'ALLOW') throw new NotAllowedError(`You may not delete ${ref}`);
            return reply.status(204).send();
          });
          app.post('/docs', async (request, reply) => {
            const credentials = await httpAuth.credentials(request);
            const [decision] = await permissions.authorize([{ permission: docCreatePermission }], {
              credentials,
            });
            if (decision?.result !== 'ALLOW') throw new NotAllowedError('You may not create docs');
            return reply.status(201).send({});
          });
        });
      },
    });
  },
});
