#!/usr/bin/env node
// How fast locations are read: generates a synthetic catalog (N entities in files of
// --per-file entities each, shaped like the catalog benchmark's generator: groups, users,
// domains, systems, resources, components, APIs with inline definitions) in a temp
// folder, then reads it with readLocation the way the processing engine does, and prints
// MB/s and entities/s for each way of reading:
//   file     a root Location file, then each of its targets as a `file` location
//   glob     one `file` location with a glob matching every file
//   url      as `file`, but every file served by a node:http server on 127.0.0.1 and read
//            with the backend's real URL reader (FetchUrlReader)
//   refresh  every target again with its previous fingerprint (nothing changed, nothing parsed)
//   parse    for comparison: only parseEntityYaml on every file, one after another (the YAML
//            parser's own speed; the difference to `file` is what reading adds)
// Usage: node plugins/catalog/backend/bench/read-location.bench.mjs [--n 100000] [--per-file 250]
//          [--concurrency 4] [--modes file,glob,url,refresh]
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    'per-file': { type: 'string', default: '250' },
    concurrency: { type: 'string', default: '4' },
    modes: { type: 'string', default: 'parse,file,refresh,glob,url' },
  },
});
const n = Number(options.n);
const perFile = Number(options['per-file']);
const concurrency = Number(options.concurrency);
const modes = new Set(options.modes.split(','));

const here = path.dirname(fileURLToPath(import.meta.url));
const { bundleToTempDir, repoRoot } = await import(
  pathToFileURL(path.join(here, '../../../../scripts/bundle.mjs')).href
);
const { stringify } = await import('yaml');

const bundleDir = (
  await bundleToTempDir({
    reading: path.join(here, '../src/reading/index.ts'),
    urlReader: path.join(repoRoot, 'packages/backend/src/services/urlReader/index.ts'),
    config: path.join(repoRoot, 'packages/config/src/index.ts'),
    model: path.join(repoRoot, 'packages/catalog-model/src/index.ts'),
  })
).dir;
const reading = await import(pathToFileURL(path.join(bundleDir, 'reading.mjs')).href);
const { DefaultUrlReaderService, FetchUrlReader } = await import(
  pathToFileURL(path.join(bundleDir, 'urlReader.mjs')).href
);
const { ConfigReader } = await import(pathToFileURL(path.join(bundleDir, 'config.mjs')).href);
const { parseEntityYaml } = await import(pathToFileURL(path.join(bundleDir, 'model.mjs')).href);

const dir = await mkdtemp(path.join(tmpdir(), 'greenroom-read-bench-'));
try {
  const started = performance.now();
  const { files, bytes } = await writeCatalog(dir);
  console.log(
    `generated ${n} entities in ${files} files (${mb(bytes)} MB of YAML) in ${seconds(performance.now() - started)} s`,
  );
  const noUrls = {
    readUrl: () => Promise.reject(new Error('no URLs here')),
    search: () => Promise.reject(new Error('no URLs here')),
  };
  const fileContext = {
    urlReader: noUrls,
    allowedFileDirectories: [dir],
    originLocation: `file:${path.join(dir, 'all.yaml')}`,
  };
  const rows = [];

  if (modes.has('parse')) {
    const started = performance.now();
    let entities = 0;
    let errors = 0;
    for (const name of (await readdir(path.join(dir, 'data'))).sort()) {
      const parsed = parseEntityYaml(await readFile(path.join(dir, 'data', name), 'utf8'));
      entities += parsed.entities.length;
      errors += parsed.errors.length;
    }
    rows.push(['parseEntityYaml only', { ms: performance.now() - started, entities, errors }]);
  }
  let fingerprints;
  if (modes.has('file') || modes.has('refresh')) {
    const run = await readTree({ type: 'file', target: path.join(dir, 'all.yaml') }, fileContext);
    rows.push(['file (root + targets)', run]);
    fingerprints = run.fingerprints;
  }
  if (modes.has('refresh')) {
    const run = await readTargets(fingerprints, fileContext, true);
    rows.push(['refresh, nothing changed', run]);
  }
  if (modes.has('glob')) {
    const run = await readTargets(
      [[{ type: 'file', target: path.join(dir, 'data', '*.yaml') }]],
      fileContext,
    );
    rows.push(['glob (one location)', run]);
  }
  if (modes.has('url')) {
    const server = createServer(async (request, response) => {
      try {
        response.end(await readFile(path.join(dir, path.normalize(decodeURIComponent(request.url)))));
      } catch {
        response.writeHead(404).end();
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const host = `127.0.0.1:${server.address().port}`;
    const config = new ConfigReader({ backend: { reading: { allow: [{ host }] } } });
    const urlReader = new DefaultUrlReaderService([FetchUrlReader.fromConfig(config)]);
    const target = `http://${host}/all.yaml`;
    const run = await readTree(
      { type: 'url', target },
      { urlReader, allowedFileDirectories: [], originLocation: `url:${target}` },
    );
    rows.push(['url (root + targets)', run]);
    server.close();
  }

  console.log(
    `\n${'mode'.padEnd(26)} ${'s'.padStart(7)} ${'MB/s'.padStart(8)} ${'entities/s'.padStart(11)} ${'entities'.padStart(9)} errors`,
  );
  for (const [name, run] of rows) {
    const s = run.ms / 1000;
    console.log(
      `${name.padEnd(26)} ${s.toFixed(2).padStart(7)} ${(bytes / 1e6 / s).toFixed(1).padStart(8)} ${Math.round(
        run.entities / s,
      )
        .toString()
        .padStart(11)} ${String(run.entities).padStart(9)} ${run.errors}`,
    );
  }
  console.log(
    `\npeak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB (the whole process, generation included)`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
  await rm(bundleDir, { recursive: true, force: true });
}

/** Reads a root Location, then its targets: what the engine does for a registered location. */
async function readTree(root, context) {
  const started = performance.now();
  const first = await reading.readLocation(root, context);
  const targets = first.entities.flatMap(({ entity, target }) =>
    entity.kind === 'Location' ? reading.resolveLocationTargets(entity, { type: root.type, target }) : [],
  );
  const rest = await readTargets(
    targets.map((t) => [t]),
    context,
  );
  return { ...rest, ms: performance.now() - started, entities: rest.entities + first.entities.length };
}

/** Reads locations, `concurrency` at a time; with `refresh`, passes each one's previous fingerprint. */
async function readTargets(list, context, refresh = false) {
  const started = performance.now();
  let entities = 0;
  let errors = 0;
  let unchanged = 0;
  const fingerprints = [];
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const [location, previousFingerprint] = list[next++];
      const result = await reading.readLocation(location, {
        ...context,
        ...(refresh ? { previousFingerprint } : {}),
      });
      entities += result.entities.length;
      errors += result.errors.length;
      if (result.unchanged) unchanged++;
      fingerprints.push([location, result.fingerprint]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (refresh && unchanged !== list.length)
    throw new Error(`only ${unchanged} of ${list.length} were unchanged`);
  return { ms: performance.now() - started, entities, errors, fingerprints };
}

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes data/entities-NNNN.yaml files of `perFile` entities each and an all.yaml Location listing them. */
async function writeCatalog(root) {
  const random = mulberry32(42);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const words = 'aurora basalt cobalt delta ember falcon glacier harbor iris jasper kelp lumen meadow'.split(
    ' ',
  );
  const nouns = 'billing checkout search catalog payments orders inventory shipping identity ledger'.split(
    ' ',
  );
  const kinds = [
    ['Domain', 0.01],
    ['System', 0.04],
    ['Group', 0.05],
    ['User', 0.3],
    ['API', 0.12],
    ['Resource', 0.1],
    ['Component', 0.38],
  ];
  // One kind per slot of 100, in proportion to the shares.
  const kindSlots = kinds.flatMap(([kind, share]) =>
    Array.from({ length: Math.round(share * 100) }, () => kind),
  );
  const entity = (index) => {
    const kind = kindSlots[index % kindSlots.length];
    const name = `${pick(nouns)}-${kind.toLowerCase()}-${String(index).padStart(6, '0')}`;
    const metadata = {
      name,
      title: `${pick(words)} ${pick(nouns)} ${kind.toLowerCase()}`,
      description: `The ${pick(words)} ${pick(nouns)} ${kind.toLowerCase()}: handles ${pick(nouns)} and ${pick(nouns)}. Generated for benchmarking.`,
      labels: { 'bench-run': 'read-location', tier: pick(['1', '2', '3']) },
      annotations: { 'github.com/project-slug': `example-org/${name}`, 'backstage.io/techdocs-ref': 'dir:.' },
      tags: [pick(words), pick(nouns), pick(['java', 'go', 'typescript', 'python'])],
      links: [
        { url: `https://example.com/${kind.toLowerCase()}/${name}`, title: 'Dashboard', icon: 'dashboard' },
      ],
    };
    const spec = { owner: `team-${pick(words)}`, system: `system-${pick(nouns)}`, lifecycle: 'production' };
    if (kind === 'Component')
      Object.assign(spec, {
        type: 'service',
        dependsOn: [`component:${pick(nouns)}-x`, `resource:${pick(nouns)}-db`],
        providesApis: [`${pick(nouns)}-api`],
      });
    if (kind === 'API') {
      const noun = pick(nouns);
      spec.type = 'openapi';
      spec.definition = `openapi: 3.0.0\ninfo:\n  title: ${name}\n  version: 1.0.${index}\npaths:\n  /${noun}:\n    get:\n      summary: List ${noun}\n      responses:\n        '200':\n          description: ok\n  /${noun}/{id}:\n    get:\n      summary: Get one ${noun}\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '200':\n          description: ok\n`;
    }
    if (kind === 'User')
      Object.assign(spec, {
        profile: { displayName: name, email: `${name}@example.com` },
        memberOf: [`team-${pick(words)}`],
      });
    return { apiVersion: 'backstage.io/v1alpha1', kind, metadata, spec };
  };
  await mkdir(path.join(root, 'data'));
  const targets = [];
  let bytes = 0;
  for (let start = 0, file = 1; start < n; start += perFile, file++) {
    const name = `entities-${String(file).padStart(4, '0')}.yaml`;
    const docs = [];
    for (let i = start; i < Math.min(n, start + perFile); i++) docs.push(`---\n${stringify(entity(i))}`);
    const text = docs.join('');
    bytes += Buffer.byteLength(text);
    await writeFile(path.join(root, 'data', name), text);
    targets.push(`./data/${name}`);
  }
  const all = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name: 'bench-root' },
    spec: { targets },
  };
  await writeFile(path.join(root, 'all.yaml'), stringify(all));
  return { files: targets.length, bytes };
}

function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

function seconds(ms) {
  return (ms / 1000).toFixed(1);
}
