/** One operation of an OpenAPI document, flattened for display. */
export interface OpenApiOperation {
  method: string;
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  tags: string[];
  parameters: { name: string; in: string; required: boolean; description?: string }[];
  hasRequestBody: boolean;
  responses: { status: string; description?: string }[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Follows a local `$ref` (`#/components/parameters/id`) inside the document. */
function deref(doc: Obj, value: unknown, depth = 0): unknown {
  if (!isObj(value) || typeof value.$ref !== 'string' || depth > 10) return value;
  if (!value.$ref.startsWith('#/')) return value;
  let node: unknown = doc;
  for (const part of value.$ref.slice(2).split('/')) {
    node = isObj(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return deref(doc, node, depth + 1);
}

/**
 * The operations of an OpenAPI 3 (or Swagger 2) document, in document order, with
 * path-level parameters merged in and local `$ref`s resolved.
 *
 * @example
 * listOperations(yaml.parse(definition)); // [{ method: 'get', path: '/pets', … }]
 */
export function listOperations(doc: unknown): OpenApiOperation[] {
  if (!isObj(doc) || !isObj(doc.paths)) return [];
  const operations: OpenApiOperation[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const item = deref(doc, rawItem);
    if (!isObj(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const params = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])]
        .map((p) => deref(doc, p))
        .filter(isObj)
        .map((p) => ({
          name: String(p.name ?? ''),
          in: String(p.in ?? 'query'),
          required: p.required === true || p.in === 'path',
          ...(typeof p.description === 'string' ? { description: p.description } : {}),
        }));
      operations.push({
        method,
        path,
        ...(typeof op.operationId === 'string' ? { operationId: op.operationId } : {}),
        ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
        ...(typeof op.description === 'string' ? { description: op.description } : {}),
        tags: Array.isArray(op.tags) ? op.tags.map(String) : [],
        parameters: params.filter((p) => p.in !== 'body'),
        hasRequestBody: op.requestBody !== undefined || params.some((p) => p.in === 'body'),
        responses: Object.entries(isObj(op.responses) ? op.responses : {}).map(([status, r]) => {
          const response = deref(doc, r);
          return {
            status,
            ...(isObj(response) && typeof response.description === 'string'
              ? { description: response.description }
              : {}),
          };
        }),
      });
    }
  }
  return operations;
}

/**
 * The base URL of the API's first server (OpenAPI 3 `servers`, Swagger 2 `host` + `basePath`).
 *
 * @example
 * serverUrl({ servers: [{ url: 'https://api.example.com/v1' }] }); // 'https://api.example.com/v1'
 */
export function serverUrl(doc: unknown): string | undefined {
  if (!isObj(doc)) return undefined;
  if (Array.isArray(doc.servers) && isObj(doc.servers[0]) && typeof doc.servers[0].url === 'string') {
    return doc.servers[0].url;
  }
  if (typeof doc.host === 'string') {
    const scheme =
      Array.isArray(doc.schemes) && typeof doc.schemes[0] === 'string' ? doc.schemes[0] : 'https';
    return `${scheme}://${doc.host}${typeof doc.basePath === 'string' ? doc.basePath : ''}`;
  }
  return undefined;
}
