import { Readable } from 'node:stream';
import type { AuditorService } from '@greenroom/backend-plugin-api';
import type { Entity } from '@greenroom/catalog-model';
import { NotFoundError } from '@greenroom/errors';
import { catalogEntityDeletePermission } from '@greenroom/plugin-catalog-common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CatalogAccessPort } from '../../permissions/catalog-access.js';
import type { EntityHistory } from '../history/entity-history.js';
import type { EntityFilter } from '../query/entity-filter.js';
import {
  encodeAfterCursor,
  entitiesByRefsBodySchema,
  entitiesByRefsQuerySchema,
  entityFacetsBodySchema,
  entityFacetsQuerySchema,
  getEntitiesQuerySchema,
  parseEntitiesByRefsRequest,
  parseEntityFacetsGetRequest,
  parseEntityFacetsPostRequest,
  parseGetEntitiesRequest,
  parseQueryEntitiesGetRequest,
  parseQueryEntitiesPostRequest,
  queryEntitiesBodySchema,
  queryEntitiesQuerySchema,
} from '../query/index.js';
import { matchesEntity } from '../query/match-entity.js';
import type { CatalogReader, ReadOptions } from '../store/index.js';
import type { UnprocessedEntities } from '../unprocessed/unprocessed-entities.js';
import { audited } from './audited.js';
import type { CatalogRoute } from './catalog-route.js';
import { entityArrayBytes, entityJson } from './entity-json.js';

const ENTITY = { $ref: '#/components/schemas/Entity' };
const entityList = z.array(z.looseObject({}));
const pageSchema = z.object({
  items: z.array(z.looseObject({})),
  totalItems: z.number().int(),
  pageInfo: z.object({ nextCursor: z.string().optional(), prevCursor: z.string().optional() }),
});
const facetsSchema = z.object({
  facets: z.record(z.string(), z.array(z.object({ value: z.string(), count: z.number().int() }))),
});
const byNameParams = z.object({
  kind: z.string().describe('Entity kind, case-insensitive'),
  namespace: z.string().describe('Entity namespace, case-insensitive'),
  name: z.string().describe('Entity name, case-insensitive'),
});

/** What the entity routes read and change. */
export interface EntityRouteDeps {
  reader: CatalogReader;
  history: EntityHistory;
  unprocessed: UnprocessedEntities;
  auditor: AuditorService;
  /** Permission checks: what the caller may read, and whether they may delete. */
  access: CatalogAccessPort;
  deleteEntityByUid(uid: string): Promise<void>;
}

const sendJson = (reply: FastifyReply, json: string | Buffer, status = 200) =>
  reply.status(status).type('application/json; charset=utf-8').send(json);

function refFromName(request: FastifyRequest): {
  ref: string;
  kind: string;
  namespace: string;
  name: string;
} {
  const { kind, namespace, name } = byNameParams.parse(request.params);
  return { ref: `${kind}:${namespace}/${name}`.toLowerCase(), kind, namespace, name };
}

const notFoundByName = (p: { kind: string; namespace: string; name: string }) =>
  new NotFoundError(`No entity named '${p.name}' found, with kind '${p.kind}' in namespace '${p.namespace}'`);

/**
 * The entity routes of the catalog API (reference §2.2, operations 2–11, plus history),
 * wire-compatible with Backstage. Entities go out as stored JSON text; `GET /entities`
 * without paging streams.
 *
 * @example
 * registerRoutes(app, entityRoutes({ reader, history, auditor, deleteEntityByUid }));
 */
export function entityRoutes(deps: EntityRouteDeps): CatalogRoute[] {
  const { reader, history, access } = deps;
  // Every read is narrowed to what the caller may read.
  const readAs = async (request: FastifyRequest): Promise<ReadOptions> => ({
    restriction: await access.readRestriction(request),
  });
  const audit = audited(deps.auditor);
  return [
    {
      method: 'GET',
      path: '/entities',
      operationId: 'GetEntities',
      summary: 'All entities matching filters; streamed unless limit, offset or after is given',
      tag: 'Entity',
      query: getEntitiesQuerySchema,
      responses: { 200: { description: 'The entities', schema: entityList } },
      handler: (request, reply) =>
        audit('entity-fetch', request, { queryType: 'all' }, async () => {
          const req = parseGetEntitiesRequest(request.query);
          const toJson = entityJson(req.fields);
          const read = await readAs(request);
          if (req.page) {
            const { items, hasMore } = await reader.listEntitiesPage(req, read);
            if (hasMore && items.length > 0) {
              // Without a limit the page is the server's maximum; the next one continues after it.
              const next = encodeAfterCursor({
                limit: req.page.limit ?? items.length,
                offset: req.page.offset + items.length,
              });
              const url = new URL(request.url, 'http://localhost');
              url.searchParams.delete('offset');
              url.searchParams.delete('limit');
              url.searchParams.set('after', next);
              reply.header(
                'link',
                `<${url.pathname.replace(/^.*\/entities$/, '/entities')}${url.search}>; rel="next"`,
              );
            }
            return sendJson(reply, `[${items.map(toJson).join(',')}]`);
          }
          const chunks = reader.streamEntities(req, read);
          async function* body() {
            let first = true;
            yield '[';
            for await (const chunk of chunks) {
              for (const stored of chunk) {
                yield first ? toJson(stored) : `,${toJson(stored)}`;
                first = false;
              }
            }
            yield ']';
          }
          return reply.type('application/json; charset=utf-8').send(Readable.from(body()));
        }),
    },
    {
      method: 'GET',
      path: '/entities/by-uid/:uid',
      operationId: 'GetEntityByUid',
      summary: 'An entity by its metadata.uid',
      tag: 'Entity',
      params: z.object({ uid: z.string() }),
      responses: { 200: { description: 'The entity', schema: ENTITY } },
      handler: (request, reply) =>
        audit('entity-fetch', request, { queryType: 'by-uid' }, async () => {
          const { uid } = request.params as { uid: string };
          const stored = await reader.getByUid(uid, await readAs(request));
          if (stored === undefined) throw new NotFoundError(`No entity with uid ${uid}`);
          return sendJson(reply, stored);
        }),
    },
    {
      method: 'DELETE',
      path: '/entities/by-uid/:uid',
      operationId: 'DeleteEntityByUid',
      summary: 'Deletes an entity by uid; it comes back if its source still emits it',
      tag: 'Entity',
      params: z.object({ uid: z.string() }),
      responses: { 204: { description: 'Deleted (or did not exist)' } },
      handler: (request, reply) =>
        audit('entity-mutate', request, { actionType: 'delete' }, async () => {
          const { uid } = request.params as { uid: string };
          // Entities the caller may not read look missing; those they may read but not delete are 403.
          const stored = await reader.getByUid(uid, await readAs(request));
          if (stored === undefined) throw new NotFoundError(`No entity with uid ${uid}`);
          await access.requireForEntity(request, catalogEntityDeletePermission, JSON.parse(stored) as Entity);
          await deps.deleteEntityByUid(uid);
          return reply.status(204).send();
        }),
    },
    {
      method: 'GET',
      path: '/entities/by-name/:kind/:namespace/:name',
      operationId: 'GetEntityByName',
      summary: 'An entity by kind, namespace and name',
      tag: 'Entity',
      params: byNameParams,
      responses: { 200: { description: 'The entity', schema: ENTITY } },
      handler: (request, reply) =>
        audit('entity-fetch', request, { queryType: 'by-name' }, async () => {
          const name = refFromName(request);
          const stored = await reader.getByRef(name.ref, await readAs(request));
          if (stored === undefined) throw notFoundByName(name);
          return sendJson(reply, stored);
        }),
    },
    {
      method: 'GET',
      path: '/entities/by-name/:kind/:namespace/:name/ancestry',
      operationId: 'GetEntityAncestryByName',
      summary: 'An entity and the entities that emitted it, up to the registered location',
      tag: 'Entity',
      params: byNameParams,
      responses: {
        200: {
          description: 'The ancestry',
          schema: z.object({
            rootEntityRef: z.string(),
            items: z.array(z.object({ entity: z.looseObject({}), parentEntityRefs: z.array(z.string()) })),
          }),
        },
      },
      handler: (request, reply) =>
        audit('entity-fetch', request, { queryType: 'ancestry' }, async () => {
          const name = refFromName(request);
          const ancestry = await reader.ancestry(name.ref, await readAs(request));
          if (!ancestry) throw notFoundByName(name);
          const items = ancestry.items.map(
            (item) => `{"entity":${item.entity},"parentEntityRefs":${JSON.stringify(item.parentEntityRefs)}}`,
          );
          return sendJson(
            reply,
            `{"rootEntityRef":${JSON.stringify(ancestry.rootEntityRef)},"items":[${items.join(',')}]}`,
          );
        }),
    },
    {
      method: 'GET',
      path: '/entities/by-name/:kind/:namespace/:name/history',
      operationId: 'GetEntityHistoryByName',
      summary: 'Changes of an entity, newest first: when, what caused them, and a JSON Patch of what changed',
      tag: 'Entity',
      params: byNameParams,
      query: history.querySchema,
      responses: { 200: { description: 'One page of history', schema: history.pageSchema } },
      handler: (request, reply) =>
        audit('entity-fetch', request, { queryType: 'history' }, async () => {
          const name = refFromName(request);
          // A restricted caller sees the history of entities they can read now; the history of
          // deleted entities only shows to callers who may read everything.
          const restriction = await access.readRestriction(request);
          if (restriction && (await reader.getByRef(name.ref, { restriction })) === undefined) {
            throw notFoundByName(name);
          }
          const page = await history.page(name.ref, request.query);
          if (!page) throw notFoundByName(name);
          return sendJson(reply, JSON.stringify(page));
        }),
    },
    {
      method: 'GET',
      path: '/entities/unprocessed',
      operationId: 'GetUnprocessedEntities',
      summary: 'Entities without a final form: failed ones with their errors, or pending ones',
      tag: 'Entity',
      query: deps.unprocessed.querySchema,
      responses: { 200: { description: 'The entities', schema: deps.unprocessed.responseSchema } },
      handler: (request, reply) =>
        audit('entity-fetch', request, { queryType: 'unprocessed' }, async () => {
          // Unprocessed entities have no final form yet: the restriction is checked on what the source gave.
          const restriction = await access.readRestriction(request);
          const { items } = await deps.unprocessed.list(request.query);
          const visible = restriction
            ? items.filter((item) => matchesEntity(restriction, item.entity as unknown as Entity))
            : items;
          return sendJson(reply, JSON.stringify({ items: visible }));
        }),
    },
    {
      method: 'POST',
      path: '/entities/by-refs',
      operationId: 'GetEntitiesByRefs',
      summary: 'Entities by ref, in the order asked; null where missing',
      tag: 'Entity',
      query: entitiesByRefsQuerySchema,
      body: entitiesByRefsBodySchema,
      responses: {
        200: {
          description: 'The entities',
          schema: z.object({ items: z.array(z.looseObject({}).nullable()) }),
        },
      },
      handler: (request, reply) =>
        audit('entity-fetch', request, { queryType: 'by-refs' }, async () => {
          const req = parseEntitiesByRefsRequest({ query: request.query, body: request.body });
          const restriction = await access.readRestriction(request);
          const items = await reader.getByRefs(req.entityRefs, {
            ...(req.filter ? { filter: req.filter } : {}),
            restriction,
          });
          return sendJson(reply, entityArrayBytes('{"items":', items, req.fields, '}'));
        }),
    },
    {
      method: 'GET',
      path: '/entities/by-query',
      operationId: 'GetEntitiesByQuery',
      summary: 'A page of entities with a cursor',
      tag: 'Entity',
      query: queryEntitiesQuerySchema,
      responses: { 200: { description: 'One page', schema: pageSchema } },
      handler: (request, reply) =>
        audit('entity-fetch', request, { queryType: 'by-query' }, async () =>
          sendJson(
            reply,
            await queryPage(
              reader,
              parseQueryEntitiesGetRequest(request.query),
              await access.readRestriction(request),
            ),
          ),
        ),
    },
    {
      method: 'POST',
      path: '/entities/by-query',
      operationId: 'QueryEntitiesByPredicate',
      summary: 'A page of entities matching a filter predicate, with a cursor',
      tag: 'Entity',
      body: queryEntitiesBodySchema,
      responses: { 200: { description: 'One page', schema: pageSchema } },
      handler: (request, reply) =>
        audit('entity-fetch', request, { queryType: 'by-predicate' }, async () =>
          sendJson(
            reply,
            await queryPage(
              reader,
              parseQueryEntitiesPostRequest(request.body),
              await access.readRestriction(request),
            ),
          ),
        ),
    },
    {
      method: 'GET',
      path: '/entity-facets',
      operationId: 'GetEntityFacets',
      summary: 'Distinct values of fields, with counts',
      tag: 'Entity',
      query: entityFacetsQuerySchema,
      responses: { 200: { description: 'The facets', schema: facetsSchema } },
      handler: (request, reply) =>
        audit('entity-facets', request, {}, async () =>
          sendJson(
            reply,
            JSON.stringify({
              facets: await reader.facets(parseEntityFacetsGetRequest(request.query), await readAs(request)),
            }),
          ),
        ),
    },
    {
      method: 'POST',
      path: '/entity-facets',
      operationId: 'QueryEntityFacetsByPredicate',
      summary: 'Distinct values of fields among entities matching a predicate, with counts',
      tag: 'Entity',
      body: entityFacetsBodySchema,
      responses: { 200: { description: 'The facets', schema: facetsSchema } },
      handler: (request, reply) =>
        audit('entity-facets', request, {}, async () =>
          sendJson(
            reply,
            JSON.stringify({
              facets: await reader.facets(parseEntityFacetsPostRequest(request.body), await readAs(request)),
            }),
          ),
        ),
    },
  ];
}

async function queryPage(
  reader: CatalogReader,
  query: Parameters<CatalogReader['queryEntities']>[0],
  restriction: EntityFilter | undefined,
) {
  const page = await reader.queryEntities(query, { restriction });
  return entityArrayBytes(
    '{"items":',
    page.items,
    query.fields,
    `,"totalItems":${page.totalItems},"pageInfo":${JSON.stringify(page.pageInfo)}}`,
  );
}
