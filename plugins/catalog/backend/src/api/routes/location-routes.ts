import type { AuditorService } from '@greenroom/backend-plugin-api';
import type { Entity } from '@greenroom/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@greenroom/errors';
import {
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@greenroom/plugin-catalog-common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Location } from '../../locations/location-entity.js';
import type { LocationStore } from '../../locations/location-store.js';
import type { CatalogAccessPort } from '../../permissions/catalog-access.js';
import type { LocationAnalysis } from '../../service/location-analysis.js';
import { locationsQueryBodySchema, parseLocationsQueryRequest } from '../query/index.js';
import { parseWith } from '../query/params.js';
import type { CatalogReader } from '../store/index.js';
import { audited } from './audited.js';
import type { CatalogRoute } from './catalog-route.js';

const locationSchema = z.object({
  id: z.string(),
  type: z.string(),
  target: z.string(),
  entityRef: z.string(),
});
const locationInputSchema = z.strictObject({
  type: z.string().min(1).max(100).describe("How the target is read, e.g. 'url'"),
  target: z.string().min(1).max(4096).describe('The URL (or path) to read'),
  presence: z.enum(['required', 'optional']).optional(),
});
const createQuerySchema = z.object({
  dryRun: z.string().optional().describe("'true' to only show what registering would give"),
  onConflict: z.enum(['reject', 'refresh']).optional().describe('What to do when the location exists'),
});
const byNameParams = z.object({ kind: z.string(), namespace: z.string(), name: z.string() });
const refreshBodySchema = z.object({
  entityRef: z.string().min(1).max(1024).describe('The entity to refresh, e.g. component:default/billing'),
  authorizationToken: z.string().optional().describe('Legacy; ignored'),
});
const validateBodySchema = z.object({
  entity: z.looseObject({}).describe('The entity to validate'),
  location: z.string().min(1).max(4096).describe("Where it would be read from: 'url:…'"),
});
const analyzeBodySchema = z.looseObject({
  location: z.strictObject({ type: z.string().min(1), target: z.string().min(1).max(4096) }),
  catalogFilename: z.string().min(1).max(255).optional(),
});

/** What the location routes use. */
export interface LocationRouteDeps {
  locations: LocationStore;
  reader: CatalogReader;
  analysis: LocationAnalysis;
  auditor: AuditorService;
  /** Permission checks for locations, refresh and validation. */
  access: CatalogAccessPort;
  refreshEntity(entityRef: string): Promise<void>;
  /** Throws when the target may not be read (e.g. a host not in `backend.reading.allow`). */
  checkReadable(location: { type: string; target: string }): void;
  readonly: boolean;
  allowedLocationTypes: () => readonly string[];
  defaultConflictStrategy: 'reject' | 'refresh';
}

const send = (reply: FastifyReply, value: unknown, status = 200) => reply.status(status).send(value);
const isYes = (value: string | undefined) => value !== undefined && /^(true|yes|1|on)$/i.test(value.trim());

/**
 * The location routes of the catalog API (reference §2.2: operations 1, 12–20):
 * registering, listing, changing and removing locations, refreshing an entity,
 * analysing a repository and validating an entity.
 *
 * @example
 * registerRoutes(app, locationRoutes({ locations, reader, analysis, auditor, refreshEntity, readonly: false, … }));
 */
export function locationRoutes(deps: LocationRouteDeps): CatalogRoute[] {
  const { locations, access } = deps;
  const audit = audited(deps.auditor);
  const assertWritable = () => {
    if (deps.readonly) throw new NotAllowedError('This operation not allowed in readonly mode');
  };
  return [
    {
      method: 'POST',
      path: '/refresh',
      operationId: 'RefreshEntity',
      summary: 'Reads an entity and the locations it came from again, soon',
      tag: 'Entity',
      body: refreshBodySchema,
      responses: { 200: { description: 'Scheduled' } },
      handler: (request, reply) =>
        audit('entity-mutate', request, { actionType: 'refresh' }, async () => {
          const body = parseWith(refreshBodySchema, request.body, 'body of POST /refresh');
          const ref = body.entityRef.toLowerCase();
          const stored = await deps.reader.getByRef(ref, {
            restriction: await access.readRestriction(request),
          });
          if (stored === undefined) throw new NotFoundError(`No entity named '${ref}' found`);
          await access.requireForEntity(
            request,
            catalogEntityRefreshPermission,
            JSON.parse(stored) as Entity,
          );
          await deps.refreshEntity(ref);
          return reply.status(200).send();
        }),
    },
    {
      method: 'POST',
      path: '/locations',
      operationId: 'CreateLocation',
      summary: 'Registers a location (or, with dryRun, shows what it would give)',
      tag: 'Location',
      query: createQuerySchema,
      body: locationInputSchema,
      responses: {
        201: {
          description: 'Registered',
          schema: z.object({
            location: locationSchema,
            entities: z.array(z.looseObject({})),
            exists: z.boolean().optional(),
          }),
        },
      },
      handler: (request, reply) =>
        audit('location-mutate', request, { actionType: 'create' }, async () => {
          const query = parseWith(
            createQuerySchema,
            request.query ?? {},
            'query parameters of POST /locations',
          );
          const input = parseWith(locationInputSchema, request.body, 'body of POST /locations');
          await access.requireBasic(
            request,
            isYes(query.dryRun) ? catalogLocationAnalyzePermission : catalogLocationCreatePermission,
          );
          if (!deps.allowedLocationTypes().includes(input.type)) {
            throw new InputError(
              `Registered locations of type '${input.type}' are not allowed; allowed: ${deps.allowedLocationTypes().join(', ')}`,
            );
          }
          try {
            deps.checkReadable(input);
          } catch (error) {
            if (error instanceof NotAllowedError) throw new InputError(error.message);
            throw error;
          }
          const existing = await locations.findLocation(input.type, input.target);
          if (isYes(query.dryRun)) {
            const { entities } = await deps.analysis.dryRun(input);
            const location = existing ?? {
              id: `${input.type}:${input.target}`,
              type: input.type,
              target: input.target,
              entityRef: `location:default/${String(entities[0]?.metadata.name)}`,
            };
            return send(reply, { exists: existing !== undefined, location, entities }, 201);
          }
          assertWritable();
          if (existing) {
            if ((query.onConflict ?? deps.defaultConflictStrategy) === 'refresh') {
              await deps.refreshEntity(existing.entityRef);
              return send(reply, { location: existing, entities: [] }, 201);
            }
          }
          const location = await locations.createLocation(input);
          return send(reply, { location, entities: [] }, 201);
        }),
    },
    {
      method: 'GET',
      path: '/locations',
      operationId: 'GetLocations',
      summary: 'All registered locations',
      tag: 'Location',
      responses: {
        200: { description: 'The locations', schema: z.array(z.object({ data: locationSchema })) },
      },
      handler: (request, reply) =>
        audit('location-fetch', request, {}, async () => {
          await access.requireBasic(request, catalogLocationReadPermission);
          return send(
            reply,
            (await locations.listLocations()).map((data) => ({ data })),
          );
        }),
    },
    {
      method: 'POST',
      path: '/locations/by-query',
      operationId: 'GetLocationsByQuery',
      summary: 'A page of registered locations matching a predicate',
      tag: 'Location',
      body: locationsQueryBodySchema,
      responses: {
        200: {
          description: 'One page',
          schema: z.object({
            items: z.array(locationSchema),
            totalItems: z.number().int(),
            pageInfo: z.object({ nextCursor: z.string().optional() }),
          }),
        },
      },
      handler: (request, reply) =>
        audit('location-fetch', request, {}, async () => {
          await access.requireBasic(request, catalogLocationReadPermission);
          return send(reply, await locations.queryLocations(parseLocationsQueryRequest(request.body)));
        }),
    },
    {
      method: 'GET',
      path: '/locations/:id',
      operationId: 'GetLocation',
      summary: 'A registered location',
      tag: 'Location',
      params: z.object({ id: z.string() }),
      responses: { 200: { description: 'The location', schema: locationSchema } },
      handler: (request, reply) =>
        audit('location-fetch', request, {}, async () => {
          await access.requireBasic(request, catalogLocationReadPermission);
          return send(reply, await locations.getLocation((request.params as { id: string }).id));
        }),
    },
    {
      method: 'PUT',
      path: '/locations/:id',
      operationId: 'UpdateLocation',
      summary: "Changes a registered location's type and target",
      tag: 'Location',
      params: z.object({ id: z.string() }),
      body: locationInputSchema,
      responses: { 200: { description: 'The changed location', schema: locationSchema } },
      handler: (request, reply) =>
        audit('location-mutate', request, { actionType: 'update' }, async () => {
          assertWritable();
          await access.requireBasic(request, catalogLocationCreatePermission);
          const input = parseWith(locationInputSchema, request.body, 'body of PUT /locations/:id');
          return send(reply, await locations.updateLocation((request.params as { id: string }).id, input));
        }),
    },
    {
      method: 'DELETE',
      path: '/locations/:id',
      operationId: 'DeleteLocation',
      summary: 'Unregisters a location and removes what was read from it',
      tag: 'Location',
      params: z.object({ id: z.string() }),
      responses: { 204: { description: 'Removed' } },
      handler: (request, reply) =>
        audit('location-mutate', request, { actionType: 'delete' }, async () => {
          assertWritable();
          await access.requireBasic(request, catalogLocationDeletePermission);
          await locations.deleteLocation((request.params as { id: string }).id);
          return reply.status(204).send();
        }),
    },
    {
      method: 'GET',
      path: '/locations/by-entity/:kind/:namespace/:name',
      operationId: 'GetLocationByEntity',
      summary: 'The registered location an entity came from',
      tag: 'Location',
      params: byNameParams,
      responses: { 200: { description: 'The location', schema: locationSchema } },
      handler: (request, reply) =>
        audit('location-fetch', request, {}, async () => {
          const { kind, namespace, name } = byNameParams.parse(request.params);
          const ref = `${kind}:${namespace}/${name}`.toLowerCase();
          await access.requireBasic(request, catalogLocationReadPermission);
          const stored = await deps.reader.getByRef(ref, {
            restriction: await access.readRestriction(request),
          });
          if (stored === undefined) throw new NotFoundError(`No entity named '${ref}' found`);
          const origin = (JSON.parse(stored) as Entity).metadata.annotations?.[
            'backstage.io/managed-by-origin-location'
          ];
          const separator = origin?.indexOf(':') ?? -1;
          const found: Location | undefined =
            origin && separator > 0
              ? await locations.findLocation(origin.slice(0, separator), origin.slice(separator + 1))
              : undefined;
          if (!found) throw new NotFoundError(`No registered location found for entity '${ref}'`);
          return send(reply, found);
        }),
    },
    {
      method: 'POST',
      path: '/analyze-location',
      operationId: 'AnalyzeLocation',
      summary: 'What registering a repository or file would give',
      tag: 'Location',
      body: analyzeBodySchema,
      responses: {
        200: {
          description: 'The analysis',
          schema: z.object({
            existingEntityFiles: z.array(z.looseObject({})),
            generateEntities: z.array(z.looseObject({})),
          }),
        },
      },
      handler: (request, reply) =>
        audit('location-analyze', request, {}, async () => {
          const body = parseWith(analyzeBodySchema, request.body, 'body of POST /analyze-location');
          await access.requireBasic(request, catalogLocationAnalyzePermission);
          return send(
            reply,
            await deps.analysis.analyze(body.location, {
              ...(body.catalogFilename ? { catalogFilename: body.catalogFilename } : {}),
              isRegistered: async (type, target) =>
                (await locations.findLocation(type, target)) !== undefined,
            }),
          );
        }),
    },
    {
      method: 'POST',
      path: '/validate-entity',
      operationId: 'ValidateEntity',
      summary: 'Validates an entity as if read from a location',
      tag: 'Entity',
      body: validateBodySchema,
      responses: {
        200: { description: 'Valid' },
        400: {
          description: 'Invalid: { errors: [{ name, message }] }',
          schema: z.object({ errors: z.array(z.object({ name: z.string(), message: z.string() })) }),
        },
      },
      handler: (request, reply) =>
        audit('entity-validate', request, {}, async () => {
          const body = parseWith(validateBodySchema, request.body, 'body of POST /validate-entity');
          await access.requireBasic(request, catalogEntityValidatePermission);
          const errors = await deps.analysis.validateEntity(body.entity as unknown as Entity, body.location);
          if (errors.length > 0) return send(reply, { errors }, 400);
          return reply.status(200).send();
        }),
    },
  ];
}
