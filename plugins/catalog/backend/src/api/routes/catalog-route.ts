import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/** How a response is described in OpenAPI: a zod schema, or a named component. */
export interface RouteResponse {
  description: string;
  schema?: z.ZodType | { $ref: string };
}

/**
 * One route of the catalog API, declared once: Fastify registers the handler, and
 * {@link buildOpenApiDocument} describes it from the same schemas. Handlers parse their
 * inputs with the schemas (through the request parsers of `api/query/`, which give
 * Backstage's error messages), so nothing is validated twice.
 *
 * @example
 * const route: CatalogRoute = {
 *   method: 'GET', path: '/entities/by-uid/:uid', operationId: 'GetEntityByUid', summary: 'An entity by uid',
 *   params: z.object({ uid: z.string() }), responses: { 200: { description: 'The entity', schema: entityRef } },
 *   handler: async (request, reply) => reply.send(…),
 * };
 */
export interface CatalogRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify path syntax, relative to `/api/catalog`: `/entities/by-uid/:uid`. */
  path: string;
  operationId: string;
  summary: string;
  tag: 'Entity' | 'Location' | 'Model';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  responses: Record<number, RouteResponse>;
  handler(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

/** Registers routes on a Fastify scope. */
export function registerRoutes(app: FastifyInstance, routes: readonly CatalogRoute[]): void {
  for (const route of routes) {
    app.route({ method: route.method, url: route.path, handler: route.handler });
  }
}

/** The JSON Schema of a zod schema for OpenAPI 3.1, tolerant of transforms and coercions. */
function jsonSchemaOf(schema: z.ZodType | { $ref: string }): Record<string, unknown> {
  if ('$ref' in schema && typeof schema.$ref === 'string') return { $ref: schema.$ref };
  const json = z.toJSONSchema(schema as z.ZodType, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/**
 * An OpenAPI 3.1 document of the routes, generated from their schemas.
 *
 * @example
 * const document = buildOpenApiDocument(routes, { title: 'Greenroom catalog', version: '1', components: { Entity: entitySchema } });
 */
export function buildOpenApiDocument(
  routes: readonly CatalogRoute[],
  info: { title: string; version: string; serverUrl: string; components: Record<string, unknown> },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', route.params],
      ['query', route.query],
    ] as const) {
      if (!schema) continue;
      for (const [name, field] of Object.entries(schema.shape)) {
        const fieldSchema = field as z.ZodType;
        parameters.push({
          name,
          in: where,
          required: where === 'path' || !fieldSchema.safeParse(undefined).success,
          ...(fieldSchema.description ? { description: fieldSchema.description } : {}),
          schema: jsonSchemaOf(fieldSchema),
          ...(where === 'query' ? { explode: true, style: 'form' } : {}),
        });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? { content: { 'application/json': { schema: jsonSchemaOf(response.schema) } } }
          : {}),
      };
    }
    responses.default = {
      description: 'An error: { error: { name, message }, request, response }',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchemaOf(route.body) } },
            },
          }
        : {}),
      responses,
      security: [{ bearerAuth: [] }],
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: {
        ...info.components,
        Error: {
          type: 'object',
          required: ['error', 'request', 'response'],
          properties: {
            error: {
              type: 'object',
              required: ['name', 'message'],
              properties: { name: { type: 'string' }, message: { type: 'string' } },
            },
            request: {
              type: 'object',
              properties: { method: { type: 'string' }, url: { type: 'string' } },
            },
            response: { type: 'object', properties: { statusCode: { type: 'integer' } } },
          },
        },
      },
    },
  };
}
