#!/usr/bin/env node
// Bundle report of the web portal: builds the web app with Vite into a temp folder,
// lists every chunk with its size raw and gzipped, and sums the JavaScript a browser
// must load before the catalog index (the landing page) can render: the entry chunk,
// the catalog index page's lazy chunk, and everything they import statically.
// Fails (exit 1) when that is over the budget of 250 KB gzipped.
// Usage: node bench/web-bundle.mjs [--json]   (see bench/README.md)
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb } from '../scripts/bundle.mjs';

const BUDGET_BYTES = 250 * 1024;
const LANDING_PAGE = 'CatalogIndexPage';

const outDir = await mkdtemp(path.join(tmpdir(), 'greenroom-web-bench-'));
try {
  const { durationMs } = await buildWeb({ outDir, quiet: true, manifest: true });
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8'));
  const sizes = new Map();
  const sizeOf = (file) => {
    if (!sizes.has(file)) {
      const body = readFileSync(path.join(outDir, file));
      // Level 9, as the app plugin serves it.
      sizes.set(file, { raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
    }
    return sizes.get(file);
  };
  /** A chunk and every chunk it imports statically, by manifest key. */
  const closure = (key, seen = new Set()) => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) closure(next, seen);
    return seen;
  };
  const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
  const landingKey = Object.keys(manifest).find(
    (key) => manifest[key].isDynamicEntry && key.includes(LANDING_PAGE),
  );
  if (!entryKey || !landingKey) throw new Error(`The manifest has no entry or no ${LANDING_PAGE} chunk`);
  const initialKeys = closure(landingKey, closure(entryKey));
  const initialFiles = [...initialKeys].map((key) => manifest[key].file);
  const initial = initialFiles.reduce(
    (sum, file) => ({ raw: sum.raw + sizeOf(file).raw, gzip: sum.gzip + sizeOf(file).gzip }),
    { raw: 0, gzip: 0 },
  );
  const chunks = [...new Set(Object.values(manifest).map((chunk) => chunk.file))]
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file, ...sizeOf(file), initial: initialFiles.includes(file) }))
    .sort((a, b) => b.gzip - a.gzip);
  const report = {
    buildMs: durationMs,
    budgetGzipBytes: BUDGET_BYTES,
    catalogIndexInitialJs: { ...initial, chunks: initialFiles.length },
    totalJs: chunks.reduce((sum, c) => ({ raw: sum.raw + c.raw, gzip: sum.gzip + c.gzip }), {
      raw: 0,
      gzip: 0,
    }),
    chunks,
  };
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(`Web bundle (built in ${durationMs} ms)\n`);
    console.log(`${'chunk'.padEnd(48)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}  initial`);
    for (const c of chunks) {
      console.log(
        `${c.file.padEnd(48)} ${kb(c.raw).padStart(10)} ${kb(c.gzip).padStart(10)}  ${c.initial ? 'yes' : ''}`,
      );
    }
    console.log(`\nAll JavaScript: ${kb(report.totalJs.raw)} raw, ${kb(report.totalJs.gzip)} gzip`);
    console.log(
      `Catalog index initial JS: ${kb(initial.gzip)} gzip (${kb(initial.raw)} raw) in ${initialFiles.length} chunks; budget ${kb(BUDGET_BYTES)}`,
    );
  }
  if (initial.gzip > BUDGET_BYTES) {
    console.error(`Over budget: the catalog index loads ${initial.gzip} gzipped bytes of JavaScript`);
    process.exitCode = 1;
  }
} finally {
  await rm(outDir, { recursive: true, force: true });
}
