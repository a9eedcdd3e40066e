import type {
  AuditorService,
  FastifyPluginAsync,
  FastifyRequest,
  HttpAuthService,
} from '@greenroom/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@greenroom/errors';
import { type BasicPermission, exceedsJsonDepth } from '@greenroom/plugin-permission-common';
import { z } from 'zod';
import type { Authorizer } from '../authorize/authorizer.js';
import { permissionPolicyReadPermission, permissionPolicyUpdatePermission } from '../permissions.js';
import { DatabaseRolesSource } from '../roles/database-roles-source.js';
import { type Role, roleSchema } from '../roles/roles-schema.js';
import type { RolesSource } from '../roles/roles-source.js';

const nameParams = z.object({ name: z.string().min(1).max(100) });

/** What the roles routes need. */
export interface RolesRoutesOptions {
  /** The roles policy's source, or `undefined` when another policy is in use. */
  source: RolesSource | undefined;
  authorizer: Authorizer;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
}

/**
 * The admin API of the roles policy: `GET /roles`, `GET /roles/:name` (needs
 * `permission.policy.read`), `POST /roles`, `PUT /roles/:name`, `DELETE /roles/:name`
 * (need `permission.policy.update`; only for roles kept in the database — roles from
 * config or a file are edited there, the API answers 409). Every change is an audit event.
 *
 * @example
 * http.use(rolesRoutes({ source, authorizer, httpAuth, auditor }));
 */
export function rolesRoutes(options: RolesRoutesOptions): FastifyPluginAsync {
  const { source, authorizer, httpAuth, auditor } = options;

  async function requirePermission(request: FastifyRequest, permission: BasicPermission): Promise<void> {
    const credentials = await httpAuth.credentials(request, { allow: ['user', 'service'] });
    if (!(await authorizer.isAllowed(permission, credentials))) {
      throw new NotAllowedError(`You are not allowed to ${permission.attributes.action} permission roles`);
    }
  }
  function requireSource(): RolesSource {
    if (!source) {
      throw new NotFoundError("The roles policy is not in use (set 'permission.policy.type: roles')");
    }
    return source;
  }
  function requireEditable(): DatabaseRolesSource {
    const current = requireSource();
    if (!(current instanceof DatabaseRolesSource)) {
      throw new ConflictError(
        `Roles come from ${current.description} and are read-only here; edit them there (changes apply without a restart)`,
      );
    }
    return current;
  }
  function parseRole(body: unknown): Role {
    if (exceedsJsonDepth(body, 40)) throw new InputError('Invalid role: it nests too deeply');
    const parsed = roleSchema.safeParse(body);
    if (!parsed.success) throw new InputError(`Invalid role: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }
  async function audited(
    request: FastifyRequest,
    meta: Record<string, unknown>,
    change: () => Promise<void>,
  ): Promise<void> {
    const event = await auditor.createEvent({
      eventId: 'permission-role-change',
      severityLevel: 'high',
      request,
      meta,
    });
    try {
      await change();
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
    await event.success();
  }

  return async (app) => {
    app.get('/roles', async (request) => {
      await requirePermission(request, permissionPolicyReadPermission);
      const current = requireSource();
      return { source: current.kind, editable: current.kind === 'database', items: current.current() };
    });
    app.get('/roles/:name', async (request) => {
      await requirePermission(request, permissionPolicyReadPermission);
      const { name } = nameParams.parse(request.params);
      const role = requireSource()
        .current()
        .find((r) => r.name === name);
      if (!role) throw new NotFoundError(`No role named '${name}'`);
      return role;
    });
    app.post('/roles', async (request, reply) => {
      await requirePermission(request, permissionPolicyUpdatePermission);
      const store = requireEditable();
      const role = parseRole(request.body);
      await audited(request, { action: 'create', role: role.name }, () => store.create(role));
      return reply.status(201).send(role);
    });
    app.put('/roles/:name', async (request) => {
      await requirePermission(request, permissionPolicyUpdatePermission);
      const store = requireEditable();
      const { name } = nameParams.parse(request.params);
      const role = parseRole(request.body);
      await audited(
        request,
        { action: 'update', role: name, ...(role.name !== name ? { newName: role.name } : {}) },
        () => store.replace(name, role),
      );
      return role;
    });
    app.delete('/roles/:name', async (request, reply) => {
      await requirePermission(request, permissionPolicyUpdatePermission);
      const store = requireEditable();
      const { name } = nameParams.parse(request.params);
      await audited(request, { action: 'delete', role: name }, () => store.delete(name));
      return reply.status(204).send();
    });
  };
}
