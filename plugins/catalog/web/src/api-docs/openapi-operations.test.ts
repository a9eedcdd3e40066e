import { describe, expect, it } from 'vitest';
import { listOperations, serverUrl } from './openapi-operations.js';

const doc = {
  openapi: '3.0.3',
  servers: [{ url: 'https://api.example.com/v1' }],
  paths: {
    '/pets/{petId}': {
      parameters: [{ $ref: '#/components/parameters/PetId' }],
      get: {
        operationId: 'getPet',
        summary: 'Get a pet',
        tags: ['pets'],
        parameters: [{ name: 'fields', in: 'query' }],
        responses: { '200': { description: 'The pet' }, '404': { $ref: '#/components/responses/NotFound' } },
      },
      delete: { responses: { '204': { description: 'Deleted' } } },
    },
  },
  components: {
    parameters: { PetId: { name: 'petId', in: 'path', required: true, description: 'The id' } },
    responses: { NotFound: { description: 'No such pet' } },
  },
};

describe('OpenAPI operations', () => {
  it('lists operations with path-level and local $ref parameters and responses resolved', () => {
    const [get, del] = listOperations(doc);
    expect(get).toEqual({
      method: 'get',
      path: '/pets/{petId}',
      operationId: 'getPet',
      summary: 'Get a pet',
      tags: ['pets'],
      parameters: [
        { name: 'petId', in: 'path', required: true, description: 'The id' },
        { name: 'fields', in: 'query', required: false },
      ],
      hasRequestBody: false,
      responses: [
        { status: '200', description: 'The pet' },
        { status: '404', description: 'No such pet' },
      ],
    });
    expect(del?.method).toBe('delete');
  });

  it('finds the server of OpenAPI 3 and Swagger 2 documents', () => {
    expect(serverUrl(doc)).toBe('https://api.example.com/v1');
    expect(serverUrl({ swagger: '2.0', host: 'api.example.com', basePath: '/v2', schemes: ['http'] })).toBe(
      'http://api.example.com/v2',
    );
  });

  it('returns nothing for documents without paths', () => {
    expect(listOperations({ openapi: '3.0.0' })).toEqual([]);
    expect(listOperations('not a document')).toEqual([]);
  });
});
