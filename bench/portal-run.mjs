// One run of a bundled backend for the startup benchmark: spawn it in a fresh working
// directory, poll readiness until the first 200, optionally idle and read its memory
// from /proc, then stop it.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const READINESS_PATH = '/.backstage/health/v1/readiness';
const POLL_INTERVAL_MS = 5;

/** Every child still running, so the benchmark can stop them when it is interrupted. */
export const runningChildren = new Set();

/**
 * Starts `node <nodeArgs> <script>` in a fresh temp folder holding `configYaml` as app-config.yaml,
 * on a free port of 127.0.0.1, and measures milliseconds from spawn to the first 200
 * from readiness. With `idleMs`, then waits that long and reads VmRSS and VmHWM (MB).
 * Always stops the process and removes the folder.
 *
 * @example
 * await measureRun({ script: 'dist/index.mjs', configYaml, idleMs: 5000 });
 * // { readyMs: 412.5, rssMB: 104.1, hwmMB: 104.3 }
 */
export async function measureRun({ script, configYaml, nodeArgs = [], idleMs = 0, timeoutMs = 30_000 }) {
  const cwd = await mkdtemp(path.join(tmpdir(), 'greenroom-bench-'));
  const port = await freePort();
  await writeFile(path.join(cwd, 'app-config.yaml'), configYaml);
  const env = {
    PATH: process.env.PATH,
    HOME: cwd,
    APP_CONFIG_backend_listen_host: '127.0.0.1',
    APP_CONFIG_backend_listen_port: String(port),
  };
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  runningChildren.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  let exited = false;
  const exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  exit.then(() => (exited = true));
  try {
    while ((await readinessStatus(port)) !== 200) {
      if (exited) throw new Error(`${script} exited before it was ready:\n${stderr}`);
      if (performance.now() - started > timeoutMs) throw new Error(`${script} not ready in ${timeoutMs} ms`);
      await sleep(POLL_INTERVAL_MS);
    }
    const readyMs = performance.now() - started;
    if (idleMs === 0) return { readyMs };
    await sleep(idleMs);
    return { readyMs, ...(await memoryOf(child.pid)) };
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(killer);
    runningChildren.delete(child);
    await rm(cwd, { recursive: true, force: true });
  }
}

/** The status of GET /readiness on 127.0.0.1:port over a new connection, or undefined. */
function readinessStatus(port) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: READINESS_PATH, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** VmRSS (resident now) and VmHWM (peak resident) of a process, in MB (10^6 bytes; /proc says kB for KiB). */
async function memoryOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rssMB: (kib('VmRSS') * 1024) / 1e6, hwmMB: (kib('VmHWM') * 1024) / 1e6 };
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
