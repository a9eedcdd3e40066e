#!/usr/bin/env node
// Startup benchmark of the built portal: cold start to readiness and idle memory.
// Usage: node bench/startup.mjs [--runs 10] [--warmup 1] [--idle 5] [--pg] [--pg-url <url>]
//        [--node-arg <flag>]...   (e.g. --node-arg=--max-semi-space-size=2)
// See bench/README.md for what is measured and how to read the table.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { bundleToTempDir, portalEntryPoints, repoRoot } from '../scripts/bundle.mjs';
import { measureRun, runningChildren } from './portal-run.mjs';
import { createBenchDatabase } from './postgres.mjs';

const TARGETS = { readyMs: 1000, rssMB: 100 };

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '1' },
    idle: { type: 'string', default: '5' },
    pg: { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const runs = positiveInt(flags.runs, '--runs');
const warmup = positiveInt(flags.warmup, '--warmup', 0);
const idleMs = positiveInt(flags.idle, '--idle', 0) * 1000;
const nodeArgs = flags['node-arg'];

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupted = true;
    for (const child of runningChildren) child.kill('SIGKILL');
  });
}

const { dir: bundleDir } = await bundleToTempDir({
  index: portalEntryPoints.index,
  fixture: path.join(repoRoot, 'apps/portal/src/testing/fixture-backend.ts'),
});
const shippedConfig = parse(readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'));
const withDatabase = (database) =>
  stringify({ ...shippedConfig, backend: { ...shippedConfig.backend, database } });

let database;
const rows = [];
try {
  const variants = [
    { name: 'portal, SQLite (shipped config)', script: 'index.mjs', config: stringify(shippedConfig) },
    { name: 'portal + db plugin, SQLite', script: 'fixture.mjs', config: stringify(shippedConfig) },
  ];
  if (flags.pg) {
    database = await createBenchDatabase(flags['pg-url']);
    const config = withDatabase(database.databaseConfig);
    variants.push(
      { name: 'portal, PostgreSQL', script: 'index.mjs', config },
      { name: 'portal + db plugin, PostgreSQL', script: 'fixture.mjs', config },
    );
  }
  for (const variant of variants) {
    const script = path.join(bundleDir, variant.script);
    for (let i = 0; i < warmup && !interrupted; i++)
      await measureRun({ script, nodeArgs, configYaml: variant.config });
    const ready = [];
    for (let i = 0; i < runs && !interrupted; i++) {
      ready.push((await measureRun({ script, nodeArgs, configYaml: variant.config })).readyMs);
    }
    const idle = interrupted
      ? {}
      : await measureRun({ script, nodeArgs, configYaml: variant.config, idleMs });
    rows.push({ name: variant.name, ready, ...idle });
  }
} finally {
  for (const child of runningChildren) child.kill('SIGKILL');
  await database?.drop();
  await rm(bundleDir, { recursive: true, force: true });
}
if (interrupted) process.exit(130);
printTable(rows);

function printTable(rows) {
  const header = ['variant', 'runs', 'ready min', 'median', 'p90', 'idle RSS', 'VmHWM', 'targets'];
  const lines = rows.map((row) => {
    const sorted = [...row.ready].sort((a, b) => a - b);
    const p90 = quantile(sorted, 0.9);
    const missed = [
      ...(p90 < TARGETS.readyMs ? [] : ['ready']),
      ...(row.rssMB < TARGETS.rssMB ? [] : ['RSS']),
    ];
    return [
      row.name,
      String(sorted.length),
      ms(sorted[0]),
      ms(quantile(sorted, 0.5)),
      ms(p90),
      mb(row.rssMB),
      mb(row.hwmMB),
      missed.length === 0 ? 'met' : `missed: ${missed.join(', ')}`,
    ];
  });
  const widths = header.map((_, i) => Math.max(...[header, ...lines].map((line) => line[i].length)));
  const format = (line) =>
    line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])));
  console.log(
    `Node ${process.version}, ${runs} runs per variant after ${warmup} warm-up, idle ${idleMs / 1000} s`,
  );
  console.log(`node -e '' alone: ${ms(nodeBaselineMs())}`);
  console.log(format(header).join('  '));
  for (const line of lines) console.log(format(line).join('  '));
  console.log(`Targets: ready p90 < ${TARGETS.readyMs} ms, idle RSS < ${TARGETS.rssMB} MB (10^6 bytes)`);
}

/** Median time of `node -e ''`: the share of a start that is Node itself. */
function nodeBaselineMs() {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    execFileSync(process.execPath, ['-e', '']);
    times.push(performance.now() - started);
  }
  return quantile(
    times.sort((a, b) => a - b),
    0.5,
  );
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function ms(value) {
  return value === undefined ? '-' : `${Math.round(value)} ms`;
}

function mb(value) {
  return value === undefined ? '-' : `${value.toFixed(1)} MB`;
}

function positiveInt(text, flag, min = 1) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${flag} takes a whole number >= ${min}, got '${text}'`);
  return value;
}
