#!/usr/bin/env node
// Permission authorize benchmark: POST /api/permission/authorize with a batch of 100 checks.
//
// How it runs: bundles bench/permission-authorize-entry.ts with esbuild (as scripts/bundle.mjs
// bundles the portal) and starts, in this process, a real backend on 127.0.0.1: the permission
// plugin with a roles policy from config, the auth plugin with the guest provider (the user
// token is a real ES256 token, user info comes from the auth plugin, cached as in production),
// and the `docs` test plugin that registers the `doc` resource type with the IS_DOC_OWNER rule.
// Then, in a closed loop over HTTP (keep-alive) for --duration seconds per scenario after
// --warmup seconds unmeasured, at --concurrency requests in flight, it prints requests/s and
// p50/p95/p99/max latency in ms:
//   - definite: 100 checks answered by the policy alone (50 resource reads with a resourceRef,
//     25 basic denies, 25 deletes without resourceRef answered CONDITIONAL);
//   - conditions: as definite, but the 25 deletes carry a resourceRef, so the permission plugin
//     resolves them with one apply-conditions call to the docs plugin (a plugin token each time).
// The last column is the CPU time this process spent per batch (client and server together),
// which the machine's load does not inflate the way it inflates the latency tail.
// Target: p99 ≤ 10 ms for a batch of 100 at concurrency 1.
//
// Usage: node bench/permission-authorize.mjs [--duration 5] [--warmup 1] [--concurrency 1,8]
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleToTempDir } from '../scripts/bundle.mjs';

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) throw new Error(`Unexpected argument ${argv[i]}; options start with --`);
    const next = argv[i + 1];
    args[argv[i].slice(2)] = next === undefined || next.startsWith('--') ? true : argv[++i];
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const durationMs = Number(args.duration ?? 5) * 1000;
const warmupMs = Number(args.warmup ?? 1) * 1000;
const concurrencies = String(args.concurrency ?? '1,8')
  .split(',')
  .map(Number);

const here = path.dirname(fileURLToPath(import.meta.url));
const { dir } = await bundleToTempDir([path.join(here, 'permission-authorize-entry.ts')]);

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

const docRead = {
  type: 'resource',
  name: 'docs.doc.read',
  attributes: { action: 'read' },
  resourceType: 'doc',
};
const docDelete = {
  type: 'resource',
  name: 'docs.doc.delete',
  attributes: { action: 'delete' },
  resourceType: 'doc',
};
const docCreate = { type: 'basic', name: 'docs.doc.create', attributes: { action: 'create' } };

function batch(withRefs) {
  const items = [];
  for (let i = 0; i < 50; i++)
    items.push({ id: `r${i}`, permission: docRead, resourceRef: `doc:${i % 2 ? 'a' : 'b'}` });
  for (let i = 0; i < 25; i++) items.push({ id: `c${i}`, permission: docCreate });
  for (let i = 0; i < 25; i++) {
    items.push({
      id: `d${i}`,
      permission: docDelete,
      ...(withRefs ? { resourceRef: `doc:${i % 2 ? 'a' : 'b'}` } : {}),
    });
  }
  return JSON.stringify({ items });
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function run(url, headers, body, concurrency, forMs) {
  const latencies = [];
  const end = performance.now() + forMs;
  async function worker() {
    while (performance.now() < end) {
      const start = performance.now();
      const response = await fetch(`${url}/api/permission/authorize`, { method: 'POST', headers, body });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`authorize answered ${response.status}`);
      latencies.push(performance.now() - start);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

const bench = await import(path.join(dir, 'permission-authorize-entry.mjs'));
const backend = await bench.startBenchBackend(await freePort());
try {
  const headers = { authorization: `Bearer ${backend.userToken}`, 'content-type': 'application/json' };
  // Sanity: the answers are what the roles say.
  const check = await fetch(`${backend.url}/api/permission/authorize`, {
    method: 'POST',
    headers,
    body: batch(true),
  });
  const { items } = await check.json();
  const summary = {};
  for (const item of items) summary[item.result] = (summary[item.result] ?? 0) + 1;
  console.log(`Batch of ${items.length}: ${JSON.stringify(summary)}`);
  console.log('scenario     conc   req/s    p50    p95    p99    max    cpu  (ms, batch of 100)');
  for (const [name, body] of [
    ['definite', batch(false)],
    ['conditions', batch(true)],
  ]) {
    for (const concurrency of concurrencies) {
      await run(backend.url, headers, body, concurrency, warmupMs);
      const cpuBefore = process.cpuUsage();
      const latencies = (await run(backend.url, headers, body, concurrency, durationMs)).sort(
        (a, b) => a - b,
      );
      const cpu = process.cpuUsage(cpuBefore);
      // Client and server share this process: CPU per batch covers both sides of the HTTP call.
      const cpuPerBatch = (cpu.user + cpu.system) / 1000 / latencies.length;
      const fmt = (v) => v.toFixed(2).padStart(6);
      console.log(
        `${name.padEnd(12)} ${String(concurrency).padStart(4)} ${String(Math.round(latencies.length / (durationMs / 1000))).padStart(7)} ` +
          `${fmt(percentile(latencies, 50))} ${fmt(percentile(latencies, 95))} ${fmt(percentile(latencies, 99))} ${fmt(latencies.at(-1))} ${fmt(cpuPerBatch)}`,
      );
    }
  }
} finally {
  await backend.stop();
  await rm(dir, { recursive: true, force: true });
}
