import type { CatalogModel } from '@greenroom/catalog-model';
import { z } from 'zod';
import type { CatalogRoute } from './catalog-route.js';

/**
 * The compiled entity model, for people, editors and AI tools: `GET /model` (kinds,
 * versions, schemas, relations, annotations, and which plugin declared what),
 * `GET /model/schema` (JSON Schema of entity files) and `GET /model/description`
 * (markdown).
 *
 * @example
 * registerRoutes(app, modelRoutes(model));
 */
export function modelRoutes(model: CatalogModel): CatalogRoute[] {
  const description = model.introspect();
  const schema = model.toJsonSchema();
  const markdown = model.describeForAi();
  return [
    {
      method: 'GET',
      path: '/model',
      operationId: 'GetModel',
      summary: 'The compiled entity model: kinds, versions, schemas, relations, annotations, sources',
      tag: 'Model',
      responses: { 200: { description: 'The model', schema: z.looseObject({}) } },
      handler: async (_request, reply) => reply.send(description),
    },
    {
      method: 'GET',
      path: '/model/schema',
      operationId: 'GetModelJsonSchema',
      summary: 'The JSON Schema of entity files (catalog-info.yaml), plugin fields included',
      tag: 'Model',
      responses: { 200: { description: 'A draft-07 JSON Schema', schema: z.looseObject({}) } },
      handler: async (_request, reply) => reply.send(schema),
    },
    {
      method: 'GET',
      path: '/model/description',
      operationId: 'GetModelDescription',
      summary: 'A concise markdown description of the model, for AI tools',
      tag: 'Model',
      responses: { 200: { description: 'Markdown' } },
      handler: async (_request, reply) => reply.type('text/markdown; charset=utf-8').send(markdown),
    },
  ];
}
