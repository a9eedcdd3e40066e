#!/usr/bin/env node
// Runs validate.bench.ts: bundles it with esbuild (Node 20 cannot import TypeScript) into a
// temporary file next to this one, imports it, and removes the bundle again.
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, `.validate.bench.${process.pid}.mjs`);
await build({
  entryPoints: [join(here, 'validate.bench.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  // npm packages load from node_modules; workspace packages (TypeScript sources) are bundled.
  external: ['zod', 'zod/*', 'yaml'],
  logLevel: 'error',
});
try {
  await import(pathToFileURL(outfile).href);
} finally {
  await rm(outfile, { force: true });
}
