// Micro benchmark of the hot paths: validateEntity, relationsOf and normalizeEntity per
// entity, and parseEntityYaml throughput. Not a test; run `node packages/catalog-model/bench/run.mjs`.
import { builtinModelFragment, compileModel, type Entity, parseEntityYaml } from '../src/index.js';

const model = compileModel([builtinModelFragment]);

function component(index: number): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `checkout-service-${index}`,
      namespace: 'shop',
      title: 'Checkout service',
      description: 'Takes orders and payments from the web shop.',
      labels: { 'acme.com/tier': 'gold' },
      annotations: {
        'backstage.io/managed-by-location': `url:https://github.com/acme/checkout-${index}/blob/main/catalog-info.yaml`,
        'backstage.io/managed-by-origin-location': 'url:https://github.com/acme/catalog/blob/main/all.yaml',
        'backstage.io/techdocs-ref': 'dir:.',
        'github.com/project-slug': `acme/checkout-${index}`,
      },
      tags: ['java', 'payments', 'tier-1'],
      links: [{ url: 'https://grafana.acme.com/d/checkout', title: 'Dashboard', icon: 'dashboard' }],
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-payments',
      system: 'web-shop',
      providesApis: ['checkout-api'],
      consumesApis: ['payments-api', 'inventory-api'],
      dependsOn: ['resource:orders-db', 'component:fraud-check'],
    },
  };
}

function measure(label: string, entities: Entity[], run: (entity: Entity) => unknown, rounds: number): void {
  for (let index = 0; index < 20_000; index++) run(entities[index % entities.length]!);
  const start = performance.now();
  for (let index = 0; index < rounds; index++) run(entities[index % entities.length]!);
  const micros = ((performance.now() - start) * 1000) / rounds;
  console.log(`${label.padEnd(40)} ${micros.toFixed(2).padStart(8)} µs/entity`);
}

const entities = Array.from({ length: 10_000 }, (_, index) => component(index));
if (model.validateEntity(entities[0]).length > 0) throw new Error('the benchmark entity must be valid');
const rounds = 200_000;
measure('validateEntity (typical Component)', entities, (entity) => model.validateEntity(entity), rounds);
measure('relationsOf (typical Component)', entities, (entity) => model.relationsOf(entity), rounds);
measure('normalizeEntity (typical Component)', entities, (entity) => model.normalizeEntity(entity), rounds);
const invalid = entities.map((entity) => ({
  ...entity,
  spec: { ...entity.spec, owner: '', dependsOn: ['x'] },
}));
measure(
  'validateEntity (Component with 2 issues)',
  invalid,
  (entity) => model.validateEntity(entity),
  rounds / 4,
);

function toYaml(entity: Entity): string {
  const m = entity.metadata;
  const s = entity.spec as Record<string, unknown>;
  const list = (values: unknown) => (values as string[]).map((value) => `\n    - ${value}`).join('');
  return `apiVersion: ${entity.apiVersion}
kind: ${entity.kind}
metadata:
  name: ${m.name}
  namespace: ${m.namespace}
  title: ${m.title}
  description: ${m.description}
  labels:
    acme.com/tier: gold
  annotations:
${Object.entries(m.annotations ?? {})
  .map(([key, value]) => `    ${key}: ${value}`)
  .join('\n')}
  tags: [${m.tags?.join(', ')}]
  links:
    - url: https://grafana.acme.com/d/checkout
      title: Dashboard
spec:
  type: ${s.type}
  lifecycle: ${s.lifecycle}
  owner: ${s.owner}
  system: ${s.system}
  providesApis:${list(s.providesApis)}
  consumesApis:${list(s.consumesApis)}
  dependsOn:${list(s.dependsOn)}
`;
}

for (const documents of [1, 100, 5_000]) {
  const text = entities.slice(0, documents).map(toYaml).join('---\n');
  const megabytes = new TextEncoder().encode(text).length / 1e6;
  const repeat = Math.max(3, Math.ceil(20 / megabytes));
  for (let index = 0; index < 2; index++) parseEntityYaml(text);
  const start = performance.now();
  let parsed = parseEntityYaml(text);
  for (let index = 1; index < repeat; index++) parsed = parseEntityYaml(text);
  const seconds = (performance.now() - start) / 1000 / repeat;
  if (parsed.errors.length > 0 || parsed.entities.length !== documents)
    throw new Error('unexpected parse result');
  console.log(
    `parseEntityYaml ${String(documents).padStart(5)} documents (${megabytes.toFixed(2)} MB)`.padEnd(40),
    `${(megabytes / seconds).toFixed(1).padStart(8)} MB/s  ${((seconds * 1e6) / documents).toFixed(1)} µs/document`,
  );
}
