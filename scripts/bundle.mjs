// Bundling of Greenroom apps with esbuild, shared by `scripts/build.mjs`, the portal's
// process tests (which bundle the portal and a fixture backend into temp folders) and
// the startup benchmark. Workspace packages are compiled in from their TypeScript
// sources; every npm dependency stays external, because native addons such as
// better-sqlite3 must load from node_modules. Chunks left over from earlier builds are removed.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The repository root (the folder holding the root package.json). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The portal's entry points, by output name: `index` (the backend) and `cli` (`greenroom`). */
export const portalEntryPoints = Object.freeze({
  index: path.join(repoRoot, 'apps/portal/src/index.ts'),
  cli: path.join(repoRoot, 'apps/portal/src/cli.ts'),
});

function workspaceDirs() {
  const dirs = [];
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(path.join(repoRoot, group))) dirs.push(path.join(repoRoot, group, name));
  }
  for (const plugin of readdirSync(path.join(repoRoot, 'plugins'))) {
    for (const part of readdirSync(path.join(repoRoot, 'plugins', plugin))) {
      dirs.push(path.join(repoRoot, 'plugins', plugin, part));
    }
  }
  return dirs;
}

/**
 * The npm packages every workspace depends on (workspace packages excluded): these
 * stay `import`s in a bundle and load from node_modules at run time.
 *
 * @example
 * externalDependencies(); // ['better-sqlite3', 'fastify', 'pg', …]
 */
export function externalDependencies() {
  const manifests = workspaceDirs().flatMap((dir) => {
    try {
      return [JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))];
    } catch {
      return [];
    }
  });
  const workspaceNames = new Set(manifests.map((m) => m.name));
  const external = new Set();
  for (const manifest of manifests) {
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      if (!workspaceNames.has(dep)) external.add(dep);
    }
  }
  return [...external].sort();
}

/**
 * Bundles TypeScript entry points into `<outdir>/<name>.mjs` (ESM for Node 20+, with
 * linked source maps, shared code split into chunks). The output imports npm packages,
 * so `outdir` must have the repository's node_modules on its resolution path: be inside
 * the repository, or hold a `node_modules` link to it. Resolves to the time it took.
 *
 * @example
 * await bundle({ entryPoints: portalEntryPoints, outdir: path.join(repoRoot, 'apps/portal/dist') });
 * // { durationMs: 95 }
 */
export async function bundle({ entryPoints, outdir }) {
  const started = performance.now();
  const result = await build({
    entryPoints,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    external: externalDependencies().flatMap((name) => [name, `${name}/*`]),
    logLevel: 'warning',
    absWorkingDir: repoRoot,
    metafile: true,
  });
  removeStaleChunks(outdir, Object.keys(result.metafile.outputs));
  return { durationMs: Math.round(performance.now() - started) };
}

/** Chunk names carry a content hash, so each rebuild after a change leaves the old ones behind. */
function removeStaleChunks(outdir, outputs) {
  const current = new Set(outputs.map((output) => path.resolve(repoRoot, output)));
  for (const name of readdirSync(outdir)) {
    const file = path.join(outdir, name);
    if (/^chunk-[A-Z0-9]+\.mjs(\.map)?$/.test(name) && !current.has(file)) rmSync(file, { force: true });
  }
}

/**
 * Bundles the portal (`index.mjs` and `cli.mjs`) into `outdir`, by default
 * `apps/portal/dist`, which `npm start` runs.
 *
 * @example
 * await buildPortal(); // apps/portal/dist/index.mjs, apps/portal/dist/cli.mjs
 */
export function buildPortal({ outdir = path.join(repoRoot, 'apps/portal/dist') } = {}) {
  return bundle({ entryPoints: portalEntryPoints, outdir });
}

/**
 * Bundles entry points into a fresh temp folder that links the repository's
 * node_modules, so the output runs from there (tests and benchmarks use this to
 * leave apps/portal/dist alone). The caller removes `dir` when done.
 *
 * @example
 * const { dir } = await bundleToTempDir(portalEntryPoints);
 * // node <dir>/index.mjs
 */
export async function bundleToTempDir(entryPoints) {
  const dir = await mkdtemp(path.join(tmpdir(), 'greenroom-bundle-'));
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const { durationMs } = await bundle({ entryPoints, outdir: dir });
  return { dir, durationMs };
}

/** The web app's Vite config; it builds into `apps/portal/dist/web`. */
export const webConfigFile = path.join(repoRoot, 'apps/portal/web/vite.config.ts');

/** Where the built web app goes (the app plugin serves it). */
export const webOutDir = path.join(repoRoot, 'apps/portal/dist/web');

/** The folders whose files end up in the web bundle. */
function webSourceDirs() {
  const dirs = [path.join(repoRoot, 'apps/portal/web')];
  for (const name of readdirSync(path.join(repoRoot, 'packages'))) {
    if (name.startsWith('web-')) dirs.push(path.join(repoRoot, 'packages', name));
  }
  for (const plugin of readdirSync(path.join(repoRoot, 'plugins'))) {
    const web = path.join(repoRoot, 'plugins', plugin, 'web');
    if (existsSync(web)) dirs.push(web);
  }
  return dirs;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'e2e') continue;
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(file) : statSync(file).mtimeMs);
  }
  return newest;
}

/**
 * Whether the built web app is missing or older than any of its sources (or the
 * lockfile, for dependency updates).
 *
 * @example
 * if (webBuildIsStale()) await buildWeb();
 */
export function webBuildIsStale() {
  const index = path.join(webOutDir, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = [path.join(repoRoot, 'package-lock.json')].map((f) => statSync(f).mtimeMs);
  return Math.max(...sources, ...webSourceDirs().map(newestMtime)) > built;
}

/**
 * Builds the web app with Vite into `apps/portal/dist/web` (or `outDir`); `manifest`
 * also writes `.vite/manifest.json` (the chunk graph, for the bundle report). Resolves
 * to the time it took.
 *
 * @example
 * await buildWeb(); // { durationMs: 4200 }
 */
export async function buildWeb({ outDir = webOutDir, quiet = false, manifest = false } = {}) {
  const started = performance.now();
  const { build: viteBuild } = await import('vite');
  await viteBuild({
    configFile: webConfigFile,
    logLevel: quiet ? 'warn' : 'info',
    build: { outDir, emptyOutDir: true, manifest },
  });
  return { durationMs: Math.round(performance.now() - started) };
}
