#!/usr/bin/env node
// Where the portal's startup time and memory go: a fresh probe process imports every
// npm package the bundled portal imports, one after another in bundle order, recording
// the time and resident memory (after a full GC) each adds; then it starts the portal
// itself (packages already loaded) and measures the rest until readiness.
// Usage: node bench/import-cost.mjs   (see bench/README.md)
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Node's own bootstrap, before this module ran (only builtins are imported above).
const processStartMs = performance.now();
if (process.argv[2] === '--probe') {
  await probe(process.argv[3], process.argv[4]);
} else {
  // The parent bundles (esbuild stays out of the measured process) and runs the probe.
  const { bundleToTempDir, portalEntryPoints, repoRoot } = await import('../scripts/bundle.mjs');
  const { dir } = await bundleToTempDir({ index: portalEntryPoints.index });
  try {
    const args = ['--expose-gc', fileURLToPath(import.meta.url), '--probe', dir, repoRoot];
    execFileSync(process.execPath, args, { stdio: 'inherit' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function probe(bundleDir, repoRoot) {
  const cwd = await mkdtemp(path.join(tmpdir(), 'greenroom-import-cost-'));
  const rows = [];
  try {
    const packages = importedPackages(bundleDir);
    let before = memory();
    rows.push(['node itself (bootstrap)', processStartMs, before.rss]);
    for (const name of packages) {
      const started = performance.now();
      await import(name);
      const after = memory();
      rows.push([name, performance.now() - started, after.rss - before.rss]);
      before = after;
    }
    // The portal with every package already loaded: its own code, config, wiring, listen.
    await copyFile(path.join(repoRoot, 'app-config.yaml'), path.join(cwd, 'app-config.yaml'));
    process.chdir(cwd);
    process.env.APP_CONFIG_backend_listen_host = '127.0.0.1';
    process.env.APP_CONFIG_backend_listen_port = '7399';
    process.env.APP_CONFIG_backend_logger_level = 'warn';
    const started = performance.now();
    await import(pathToFileURL(path.join(bundleDir, 'index.mjs')).href);
    while ((await readinessStatus(7399)) !== 200) await sleep(2);
    const ready = memory();
    rows.push(['portal code → ready', performance.now() - started, ready.rss - before.rss]);
    await sleep(3000);
    const idle = memory();
    rows.push(['idle 3 s', 0, idle.rss - ready.rss]);
    printRows(rows, idle);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
  process.kill(process.pid, 'SIGTERM'); // the portal's own handler stops it and exits
}

/** The npm packages the bundle imports statically, in the order it imports them. */
function importedPackages(dir) {
  const names = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.mjs'))) {
    for (const [, spec] of readFileSync(path.join(dir, file), 'utf8').matchAll(
      /^import .*?"([^".][^"]*)";$/gms,
    )) {
      if (!spec.startsWith('node:') && !names.includes(spec)) names.push(spec);
    }
  }
  return names;
}

function memory() {
  globalThis.gc();
  const status = readFileSync('/proc/self/status', 'utf8');
  return { rss: Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) / 1024 };
}

function readinessStatus(port) {
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

function printRows(rows, idle) {
  console.log(`${'step'.padEnd(28)}${'ms'.padStart(8)}${'+RSS MiB'.padStart(10)}`);
  for (const [name, ms, rss] of rows) {
    console.log(`${name.padEnd(28)}${ms.toFixed(0).padStart(8)}${rss.toFixed(1).padStart(10)}`);
  }
  const { heapUsed, heapTotal, external } = process.memoryUsage();
  const mib = (bytes) => `${(bytes / 1048576).toFixed(1)} MiB`;
  console.log(
    `RSS when idle (after gc): ${idle.rss.toFixed(1)} MiB; JS heap used ${mib(heapUsed)} of ${mib(heapTotal)}, external ${mib(external)}`,
  );
}
