#!/usr/bin/env node
// The catalog benchmark: runs the shared workload (../shared/bench/catalog-bench.mjs, or
// --bench <path>) against the bundled portal on SQLite or PostgreSQL. Ingestion of N
// generated entities from a URL location, read latency at concurrency 16, RSS, CPU per
// request, idle CPU including a refresh cycle. Usage and options: bench/README.md.
//   node bench/catalog.mjs --db sqlite --n 10000
//   node bench/catalog.mjs --db pg --n 100000 --idle-sample 90
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { bundleToTempDir, portalEntryPoints, repoRoot } from '../scripts/bundle.mjs';
import { createBenchDatabase } from './postgres.mjs';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    n: { type: 'string', default: '10000' },
    bench: { type: 'string', default: path.resolve(repoRoot, '../shared/bench/catalog-bench.mjs') },
    work: { type: 'string' },
    'per-file': { type: 'string', default: '250' },
    locations: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    'idle-sample': { type: 'string', default: '90' },
    'processing-interval': { type: 'string', default: '60s' },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'json-out': { type: 'string' },
    endpoints: { type: 'string' },
    'node-arg': { type: 'string', multiple: true, default: [] },
    reference: { type: 'string', default: '5' },
  },
});

if (!existsSync(args.bench)) {
  console.error(`No benchmark script at ${args.bench}; pass --bench <path to catalog-bench.mjs>`);
  process.exit(2);
}
const n = Number(args.n);
const work =
  args.work ?? path.join(tmpdir(), `greenroom-catalog-bench-${n}-${args['per-file']}-${args.locations}`);
const cwd = await mkdtemp(path.join(tmpdir(), 'greenroom-catalog-run-'));
const { dir: bundleDir } = await bundleToTempDir({ index: portalEntryPoints.index });
const database = args.db === 'pg' ? await createBenchDatabase(args['pg-url']) : undefined;
let child;
const cleanup = async () => {
  // The portal stops before its database is dropped, so its connections do not fail mid-batch.
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(cwd, { recursive: true, force: true });
  await rm(bundleDir, { recursive: true, force: true });
  await database?.drop();
};
process.on('SIGINT', () => cleanup().finally(() => process.exit(130)));

try {
  // The machine's floor first, while nothing else runs: see bench/reference-server.mjs.
  const reference = Number(args.reference) > 0 ? await measureReference(Number(args.reference)) : undefined;
  const port = await freePort();
  const servePort = await freePort();
  await mkdir(path.join(cwd, 'data'));
  const config = {
    backend: {
      baseUrl: `http://127.0.0.1:${port}`,
      listen: { host: '127.0.0.1', port },
      database: database?.databaseConfig ?? {
        client: 'better-sqlite3',
        connection: { directory: path.join(cwd, 'data') },
      },
      reading: { allow: [{ host: `127.0.0.1:${servePort}` }] },
      logger: { level: 'warn' },
    },
    app: { baseUrl: `http://127.0.0.1:${port}` },
    // The benchmark signs in as the guest (--guest) and every read passes the permission
    // framework (default policy), as in the embedded default.
    auth: { providers: { guest: { dangerouslyAllowOutsideDevelopment: true } } },
    permission: { enabled: true },
    catalog: {
      locations: [],
      processingInterval: args['processing-interval'],
      rules: [{ allow: ['Component', 'API', 'Location', 'Group', 'User', 'System', 'Domain', 'Resource'] }],
    },
  };
  await writeFile(path.join(cwd, 'app-config.yaml'), stringify(config));
  child = spawn(process.execPath, [...args['node-arg'], path.join(bundleDir, 'index.mjs')], {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const started = performance.now();
  while ((await readiness(port)) !== 200) {
    if (child.exitCode !== null) throw new Error('The portal exited before it was ready');
    if (performance.now() - started > 60_000) throw new Error('The portal was not ready in 60 s');
    await sleep(20);
  }
  const dbPid = args.db === 'pg' ? postmasterPid() : undefined;
  const benchArgs = [
    ...workloadArgs(`http://127.0.0.1:${port}`),
    '--location-type',
    'url',
    '--serve-host',
    '127.0.0.1',
    '--serve-port',
    String(servePort),
    '--pid',
    String(child.pid),
    '--duration',
    args.duration,
    '--idle-sample',
    args['idle-sample'],
    '--label',
    `greenroom ${args.db} n=${n}`,
    ...(args['json-out'] ? ['--json-out', args['json-out']] : []),
    ...(args.endpoints ? ['--endpoints', args.endpoints] : []),
    ...(dbPid ? ['--db-pid', dbPid] : []),
  ];
  const bench = spawn(process.execPath, benchArgs, { stdio: 'inherit' });
  const code = await new Promise((resolve) => bench.once('exit', resolve));
  process.exitCode = code ?? 1;
  if (reference) await reportReference(reference);
} finally {
  await cleanup();
}

/**
 * The start of every `catalog-bench.mjs run` command line here: the server, the catalog
 * (the same generated files for the portal and the machine reference), the concurrency
 * and the guest sign-in.
 */
function workloadArgs(baseUrl) {
  return [
    args.bench,
    'run',
    '--base-url',
    baseUrl,
    '--n',
    String(n),
    '--work',
    work,
    '--per-file',
    args['per-file'],
    '--locations',
    args.locations,
    '--concurrency',
    args.concurrency,
    '--guest',
  ];
}

/**
 * Runs the shared workload's by-name and by-refs reads (`seconds` each after a 2 s
 * warm-up, same concurrency) against bench/reference-server.mjs: fixed bodies of the
 * portal's sizes and no other work, so the figures are what this machine and the load
 * generator leave of each latency target. Returns the generator's latency rows.
 */
async function measureReference(seconds) {
  const server = spawn(process.execPath, [path.join(repoRoot, 'bench/reference-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (chunk) => {
        out += chunk;
        const match = /listening (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      server.once('exit', () => reject(new Error('The reference server exited before it listened')));
    });
    const jsonOut = path.join(cwd, 'reference.json');
    const run = spawn(
      process.execPath,
      [
        ...workloadArgs(`http://127.0.0.1:${port}`),
        '--skip-ingest',
        '--endpoints',
        'by-name,by-refs',
        '--pid',
        String(server.pid),
        '--duration',
        String(seconds),
        '--json-out',
        jsonOut,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const code = await new Promise((resolve) => run.once('exit', resolve));
    if (code !== 0) throw new Error(`The reference run failed (exit code ${code})`);
    return JSON.parse(readFileSync(jsonOut, 'utf8')).latency;
  } finally {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  }
}

/** Prints the reference rows under the benchmark's summary and adds them to --json-out. */
async function reportReference(rows) {
  const lines = rows.map(
    (r) =>
      `  ${r.endpoint.padEnd(8)} ${String(r.rps).padStart(8)} req/s  p50 ${r.p50}  p95 ${r.p95}  p99 ${r.p99}  max ${r.max} ms  (${r.bytesPerResponse} bytes, server ${r.serverCpuMsPerReq} ms CPU/req)`,
  );
  process.stdout.write(
    `machine reference (the same load against bench/reference-server.mjs: fixed bodies, no database):\n${lines.join('\n')}\n`,
  );
  if (!args['json-out'] || !existsSync(args['json-out'])) return;
  const result = JSON.parse(readFileSync(args['json-out'], 'utf8'));
  result.machineReference = rows;
  await writeFile(args['json-out'], `${JSON.stringify(result, null, 2)}\n`);
}

/** The PostgreSQL postmaster's pid (Debian keeps it in /var/run/postgresql/<version>-main.pid). */
function postmasterPid() {
  const dir = '/var/run/postgresql';
  const file = existsSync(dir) ? readdirSync(dir).find((name) => name.endsWith('.pid')) : undefined;
  return file ? readFileSync(path.join(dir, file), 'utf8').split('\n')[0].trim() : undefined;
}

function readiness(port) {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/.backstage/health/v1/readiness', agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
