#!/usr/bin/env node
// Bundles the portal's entry points with esbuild: workspace packages are compiled in
// from their TypeScript sources, every npm dependency stays external (native addons
// such as better-sqlite3 must load from node_modules). Takes well under a second.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function workspaceManifests() {
  const dirs = [];
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(path.join(root, group))) dirs.push(path.join(root, group, name));
  }
  for (const plugin of readdirSync(path.join(root, 'plugins'))) {
    for (const part of readdirSync(path.join(root, 'plugins', plugin))) {
      dirs.push(path.join(root, 'plugins', plugin, part));
    }
  }
  return dirs.flatMap((dir) => {
    try {
      return [JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))];
    } catch {
      return [];
    }
  });
}

const manifests = workspaceManifests();
const workspaceNames = new Set(manifests.map((m) => m.name));
const external = new Set();
for (const manifest of manifests) {
  for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (!workspaceNames.has(dep)) external.add(dep);
  }
}

const started = performance.now();
await build({
  entryPoints: {
    index: path.join(root, 'apps/portal/src/index.ts'),
    cli: path.join(root, 'apps/portal/src/cli.ts'),
  },
  outdir: path.join(root, 'apps/portal/dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  external: [...external].flatMap((name) => [name, `${name}/*`]),
  logLevel: 'warning',
});
if (!process.argv.includes('--quiet')) {
  console.log(`Built apps/portal/dist in ${Math.round(performance.now() - started)} ms`);
}
