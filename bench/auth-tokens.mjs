#!/usr/bin/env node
// Cost of backend auth: how long `auth.authenticate` takes per token kind (a user token of
// the auth plugin, a plugin token, an on-behalf-of plugin token, a static external access
// token) and minting a plugin token, in ops/s and µs/op after a warm-up; then the
// end-to-end cost of the credentials barrier on a trivial route, as requests/s of a
// closed loop of HTTP clients with and without a token.
//
// How it runs: bundles bench/auth-tokens-entry.ts with esbuild exactly as scripts/bundle.mjs
// bundles the portal (workspace TypeScript compiled in, npm packages external) into a
// temp folder linked to node_modules, and imports it. A real backend listens on
// 127.0.0.1 with in-memory SQLite; user tokens are verified against a JWKS fetched over
// HTTP once and cached, as in production.
//
// Usage:
//   node bench/auth-tokens.mjs [--duration 3] [--warmup 1] [--concurrency 16] [--json-out <file>]
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleToTempDir } from '../scripts/bundle.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '16' },
    'json-out': { type: 'string' },
  },
});

const { dir } = await bundleToTempDir({
  'auth-tokens-entry': path.join(path.dirname(fileURLToPath(import.meta.url)), 'auth-tokens-entry.ts'),
});
try {
  const { runAuthBench } = await import(path.join(dir, 'auth-tokens-entry.mjs'));
  const report = await runAuthBench({
    durationMs: Number(args.duration) * 1000,
    warmupMs: Number(args.warmup) * 1000,
    concurrency: Number(args.concurrency),
  });
  const row = (r) =>
    `${r.name.padEnd(44)} ${Math.round(r.opsPerSecond).toString().padStart(9)} ops/s ${r.microsPerOp.toFixed(1).padStart(9)} µs/op`;
  console.log(`Node ${process.version}, ${args.duration}s per scenario after ${args.warmup}s warm-up\n`);
  console.log('Verification in process (one caller at a time):');
  for (const r of report.verify) console.log(`  ${row(r)}`);
  console.log(`\nHTTP, ${args.concurrency} concurrent clients (µs/op = wall time / requests):`);
  for (const r of report.barrier) console.log(`  ${row(r)}`);
  if (args['json-out']) await writeFile(args['json-out'], JSON.stringify(report, null, 2));
} finally {
  await rm(dir, { recursive: true, force: true });
}
