import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { bundleToTempDir, portalEntryPoints } from '../../../../scripts/bundle.mjs';
import { PortalProcess, type PortalProcessOptions, type ProcessExit } from './portal-process.js';

/** The bundled programs a test can run. */
export type PortalProgram = 'portal' | 'cli' | 'fixture';

const OUTPUT_NAMES: Record<PortalProgram, string> = { portal: 'index', cli: 'cli', fixture: 'fixture' };

/** What a finished process printed. */
export interface ProcessResult extends ProcessExit {
  stdout: string;
  stderr: string;
}

/**
 * Runs the real, bundled portal as child processes. `create()` registers vitest
 * hooks: `beforeAll` bundles the portal, its CLI and the fixture backend (see
 * `fixture-backend.ts`) into a temp folder with the same function `npm run build`
 * uses; `afterEach` kills every process the test started and removes its
 * workspaces, even when the test failed; `afterAll` removes the bundle.
 *
 * @example
 * const harness = PortalHarness.create();
 * it('starts', async () => {
 *   const cwd = await harness.workspace({ 'app-config.yaml': 'backend: { listen: { port: 0 } }' });
 *   const portal = harness.start('portal', { cwd });
 *   await portal.listeningUrl();
 * });
 */
export class PortalHarness {
  #bundleDir: string | undefined;
  readonly #processes = new Set<PortalProcess>();
  readonly #workspaces: string[] = [];

  /** Creates the harness and registers its vitest hooks. */
  static create(): PortalHarness {
    const harness = new PortalHarness();
    beforeAll(() => harness.#bundle(), 60_000);
    afterEach(() => harness.#cleanUpTest());
    afterAll(() => harness.#removeBundle());
    return harness;
  }

  private constructor() {}

  /** A fresh temp folder holding `files` (path → content), removed after the test. */
  async workspace(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'greenroom-portal-test-'));
    this.#workspaces.push(dir);
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    return dir;
  }

  /** Starts a bundled program; it is killed after the test if it still runs. */
  start(program: PortalProgram, options: Omit<PortalProcessOptions, 'script'>): PortalProcess {
    const child = PortalProcess.start({ ...options, script: this.scriptPath(program) });
    this.#processes.add(child);
    return child;
  }

  /** Runs a bundled program to its end (killed after `timeoutMs`) and returns what it printed. */
  async run(
    program: PortalProgram,
    options: Omit<PortalProcessOptions, 'script'>,
    timeoutMs = 20_000,
  ): Promise<ProcessResult> {
    const child = this.start(program, options);
    const exit = await child.waitForExit(timeoutMs);
    return { ...exit, stdout: child.stdout, stderr: child.stderr };
  }

  /** The absolute path of a bundled program. */
  scriptPath(program: PortalProgram): string {
    if (!this.#bundleDir) throw new Error('The portal is not bundled yet; call start() inside a test');
    return join(this.#bundleDir, `${OUTPUT_NAMES[program]}.mjs`);
  }

  async #bundle() {
    const fixture = fileURLToPath(new URL('./fixture-backend.ts', import.meta.url));
    this.#bundleDir = (await bundleToTempDir({ ...portalEntryPoints, fixture })).dir;
  }

  async #cleanUpTest() {
    const processes = [...this.#processes];
    this.#processes.clear();
    await Promise.all(processes.map((child) => child.stop()));
    const workspaces = this.#workspaces.splice(0);
    await Promise.all(workspaces.map((dir) => rm(dir, { recursive: true, force: true })));
  }

  async #removeBundle() {
    if (this.#bundleDir) await rm(this.#bundleDir, { recursive: true, force: true });
  }
}
