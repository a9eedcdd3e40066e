#!/usr/bin/env node
// The machine's floor for the catalog benchmark's reads: a plain `node:http` server on
// 127.0.0.1 that answers the shared workload's by-name and by-refs requests with fixed
// bodies of the portal's sizes, without a database, permissions or any lookup. It reads
// and parses each request's JSON body, as every server must. `bench/catalog.mjs` runs the
// same load generator against it before starting the portal, so each run records what
// the machine itself (the client, HTTP on loopback, the two cores) leaves of a latency
// target. Prints `listening <port>` once it accepts connections.
//   node bench/reference-server.mjs [--port 0]
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { port: { type: 'string', default: '0' } } });

/** A component as the catalog answers it, padded to `bytes` with a description. */
function entityJson(index, bytes) {
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `component-${index}`,
      namespace: 'default',
      uid: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      etag: 'a'.repeat(40),
      labels: { 'bench-run': 'reference' },
      annotations: { 'backstage.io/managed-by-location': 'url:http://127.0.0.1/catalog.yaml' },
      description: '',
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'group:default/team-1' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-1' }],
  };
  const bare = JSON.stringify(entity).length;
  entity.metadata.description = 'x'.repeat(Math.max(0, bytes - bare));
  return JSON.stringify(entity);
}

// The portal's sizes at 100,000 entities: 1,733 bytes for by-name, 153,9xx for 100 refs.
const byName = Buffer.from(entityJson(0, 1733));
const byRefs = Buffer.from(
  `{"items":[${Array.from({ length: 100 }, (_, i) => entityJson(i, 1537)).join(',')}]}`,
);
const guest = Buffer.from(JSON.stringify({ backstageIdentity: { token: 'reference' } }));

function send(res, body) {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const path = req.url ?? '';
    if (path.startsWith('/api/auth/guest/refresh')) return send(res, guest);
    if (req.method === 'GET' && path.startsWith('/api/catalog/entities/by-name/')) return send(res, byName);
    if (req.method === 'POST' && path.startsWith('/api/catalog/entities/by-refs')) {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (!Array.isArray(body?.entityRefs)) {
        res.writeHead(400).end();
        return;
      }
      return send(res, byRefs);
    }
    res.writeHead(404).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(args.port), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
