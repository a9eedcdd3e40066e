// The synthetic catalog of bench/catalog-reads.mjs: a deterministic mix of kinds close to
// /work/shared/bench/catalog-bench.mjs's generator (domains 1 %, systems 4 %, groups 5 %,
// users 30 %, APIs 12 %, resources 10 %, components the rest), with the relations
// processing would store (both directions, originated by the entity that declares them).
import type { Entity } from '@greenroom/catalog-model';
import { seededRandom } from '../plugins/catalog/backend/src/api/store/read-test-catalog.js';
import type { SeededEntity } from '../plugins/catalog/backend/src/stitching/stitch-test-catalog.js';

const WORDS = (
  'aurora basalt cobalt delta ember falcon glacier harbor iris jasper kelp lumen meadow nimbus onyx ' +
  'prairie quartz raven sierra tundra umber vortex willow xenon yarrow zephyr amber birch cedar dune ' +
  'echo fjord grove heron indigo juniper lotus maple nova orchid pebble quill reef saffron thistle violet wren'
).split(' ');
const NOUNS = (
  'billing checkout search catalog payments orders inventory shipping identity accounts ledger pricing ' +
  'reviews notifications messaging analytics reporting gateway profile session recommendations media ' +
  'storage scheduler audit export import ingest metrics tracing alerting onboarding invoices refunds tax'
).split(' ');
const FIRST = 'ada alan barbara claude dennis edsger frances grace hedy ida john ken linus margaret'.split(
  ' ',
);
const LAST = 'lovelace turing liskov shannon ritchie dijkstra allen hopper lamarr rhodes backus'.split(' ');

/** The seeded entities and the names the benchmark draws its requests from. */
export interface BenchCatalog {
  entities: SeededEntity[];
  refs: string[];
  components: string[];
  teams: string[];
  words: readonly string[];
}

/**
 * Generates `n` entities (at least 100) deterministically from `seed`.
 *
 * @example
 * const { entities } = generateBenchCatalog(100_000, 42);
 */
export function generateBenchCatalog(n: number, seed: number): BenchCatalog {
  const rnd = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const pad = (i: number) => String(i).padStart(6, '0');
  const count = (share: number) => Math.max(3, Math.round(n * share));
  const [domains, systems, groups, users, apis, resources] = [0.01, 0.04, 0.05, 0.3, 0.12, 0.1].map(count);
  const components = n - domains! - systems! - groups! - users! - apis! - resources!;
  const annotations = (name: string) => ({
    'backstage.io/managed-by-location': 'url:https://example.com/catalog-info.yaml',
    'backstage.io/managed-by-origin-location': 'url:https://example.com/catalog-info.yaml',
    'github.com/project-slug': `example-org/${name}`,
    'backstage.io/techdocs-ref': 'dir:.',
  });
  const metadata = (name: string, kind: string) => {
    const word = pick(WORDS);
    return {
      name,
      title: `${word[0]!.toUpperCase()}${word.slice(1)} ${pick(NOUNS)} ${kind.toLowerCase()}`,
      description: `The ${word} ${pick(NOUNS)} ${kind.toLowerCase()}: handles ${pick(NOUNS)} for the ${pick(WORDS)} platform.`,
      labels: { tier: pick(['1', '2', '3']) },
      annotations: annotations(name),
      tags: [...new Set([pick(WORDS), pick(['java', 'go', 'typescript', 'python', 'rust'])])],
    };
  };
  const seeded: SeededEntity[] = [];
  const relations = new Map<string, [string, string, string][]>();
  const relate = (from: string, type: string, to: string, reverse: string) => {
    const list = relations.get(from) ?? [];
    list.push([from, type, to], [to, reverse, from]);
    relations.set(from, list);
  };
  const add = (entity: Entity) => {
    seeded.push({ entity });
    return `${entity.kind}:default/${entity.metadata.name}`.toLowerCase();
  };
  const entity = (kind: string, name: string, spec: Record<string, unknown>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: metadata(name, kind),
    spec,
  });

  const teams: string[] = [];
  const departments: string[] = [];
  for (let i = 0; i < groups!; i++) {
    const isDepartment = i < Math.max(1, Math.round(groups! * 0.15));
    const name = isDepartment ? `dept-${pick(NOUNS)}-${pad(i)}` : `team-${pick(WORDS)}-${pad(i)}`;
    const parent = isDepartment ? undefined : pick(departments);
    const ref = add(entity('Group', name, { type: isDepartment ? 'department' : 'team', children: [] }));
    if (parent) relate(ref, 'childOf', `group:default/${parent}`, 'parentOf');
    (isDepartment ? departments : teams).push(name);
  }
  for (let i = 0; i < users!; i++) {
    const name = `${pick(FIRST)}.${pick(LAST)}.${pad(i)}`;
    const team = pick(teams);
    const ref = add(entity('User', name, { memberOf: [team] }));
    relate(ref, 'memberOf', `group:default/${team}`, 'hasMember');
  }
  const owned = (kind: string, name: string, spec: Record<string, unknown>, partOf?: string) => {
    const owner = pick(kind === 'Domain' ? departments : teams);
    const ref = add(entity(kind, name, { ...spec, owner }));
    relate(ref, 'ownedBy', `group:default/${owner}`, 'ownerOf');
    if (partOf) relate(ref, 'partOf', partOf, 'hasPart');
    return ref;
  };
  const domainRefs = Array.from({ length: domains! }, (_, i) =>
    owned('Domain', `domain-${pick(NOUNS)}-${pad(i)}`, {}),
  );
  const systemRefs = Array.from({ length: systems! }, (_, i) => {
    const domain = pick(domainRefs);
    return owned('System', `system-${pick(NOUNS)}-${pad(i)}`, { domain }, domain);
  });
  for (let i = 0; i < resources!; i++) {
    const type = pick(['database', 'database', 's3-bucket', 'queue', 'cache']);
    const system = pick(systemRefs);
    owned('Resource', `${type}-${pick(NOUNS)}-${pad(i)}`, { type, system }, system);
  }
  const componentNames: string[] = [];
  for (let i = 0; i < components; i++) {
    const r = rnd();
    const type = r < 0.6 ? 'service' : r < 0.8 ? 'website' : 'library';
    const name = `${pick(NOUNS)}-${type.slice(0, 3)}-${pad(i)}`;
    const system = pick(systemRefs);
    const lifecycle = pick(['production', 'production', 'production', 'experimental', 'deprecated']);
    const ref = owned('Component', name, { type, lifecycle, system }, system);
    if (i > 0 && rnd() < 0.5) {
      relate(ref, 'dependsOn', `component:default/${pick(componentNames)}`, 'dependencyOf');
    }
    componentNames.push(name);
  }
  for (let i = 0; i < apis!; i++) {
    const type = pick(['openapi', 'openapi', 'grpc', 'asyncapi', 'graphql']);
    const noun = pick(NOUNS);
    const system = pick(systemRefs);
    const definition = `openapi: 3.0.0\ninfo:\n  title: ${noun}\npaths:\n  /${noun}:\n    get:\n      summary: List ${noun}\n`;
    const ref = owned(
      'API',
      `${noun}-${type}-api-${pad(i)}`,
      { type, lifecycle: 'production', system, definition },
      system,
    );
    relate(`component:default/${pick(componentNames)}`, 'providesApi', ref, 'apiProvidedBy');
  }
  for (const s of seeded) s.relations = relations.get(refOfEntity(s.entity)) ?? [];
  return {
    entities: seeded,
    refs: seeded.map((s) => refOfEntity(s.entity)),
    components: componentNames,
    teams,
    words: [...WORDS, ...NOUNS],
  };
}

function refOfEntity(entity: Entity): string {
  return `${entity.kind}:default/${entity.metadata.name}`.toLowerCase();
}
