import { type ChildProcess, spawn } from 'node:child_process';

/** One JSON log line of the backend (`backend.logger.format: json`). */
export interface LogEntry {
  level: string;
  message: string;
  [field: string]: unknown;
}

/** How a process ended: its exit code, or the signal that killed it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What to run: a Node script with arguments, in a working directory. */
export interface PortalProcessOptions {
  script: string;
  args?: readonly string[];
  cwd: string;
  /** Added to a minimal environment (PATH and HOME only), so the caller's settings never leak in. */
  env?: Record<string, string>;
}

/**
 * A Node process (the bundled portal, fixture backend or CLI) with its output
 * collected: stdout lines that are JSON are parsed as log entries. `stop()` kills it
 * if it still runs; call it in `afterEach` so no test leaves a process behind.
 *
 * @example
 * const portal = PortalProcess.start({ script: 'dist/index.mjs', cwd: workspace });
 * const url = await portal.listeningUrl();
 * portal.signal('SIGTERM');
 * expect(await portal.exited).toEqual({ code: 0, signal: null });
 */
export class PortalProcess {
  readonly #child: ChildProcess;
  readonly #logs: LogEntry[] = [];
  readonly #listeners = new Set<() => void>();
  #stdout = '';
  #stderr = '';
  #exit: ProcessExit | undefined;
  /** Settles when the process has ended. */
  readonly exited: Promise<ProcessExit>;

  /** Spawns `node <script> <args>` in `cwd`. */
  static start(options: PortalProcessOptions): PortalProcess {
    return new PortalProcess(options);
  }

  private constructor(options: PortalProcessOptions) {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.cwd, ...options.env };
    this.#child = spawn(process.execPath, [options.script, ...(options.args ?? [])], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    this.#child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stdout += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) this.#addLine(line);
    });
    this.#child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr += chunk;
      this.#notify();
    });
    this.exited = new Promise((resolve) => {
      this.#child.once('close', (code, signal) => {
        if (partial) this.#addLine(partial);
        this.#exit = { code, signal };
        this.#notify();
        resolve(this.#exit);
      });
    });
  }

  /** The process id. */
  get pid(): number {
    return this.#child.pid!;
  }

  /** Everything written to stdout so far. */
  get stdout(): string {
    return this.#stdout;
  }

  /** Everything written to stderr so far. */
  get stderr(): string {
    return this.#stderr;
  }

  /** The JSON log lines written to stdout so far. */
  get logs(): readonly LogEntry[] {
    return this.#logs;
  }

  /** Sends a signal (SIGTERM, SIGINT) to the process, if it still runs. */
  signal(signal: NodeJS.Signals): void {
    if (!this.#exit) this.#child.kill(signal);
  }

  /**
   * Waits for a log entry whose message matches; rejects when the process ends first
   * or `timeoutMs` passes, with the output so far in the message.
   */
  waitForLog(message: RegExp, timeoutMs = 20_000): Promise<LogEntry> {
    return this.#waitFor(`a log line matching ${message}`, timeoutMs, () =>
      this.#logs.find((entry) => message.test(entry.message)),
    );
  }

  /** Waits for "Listening on http://…" and returns that URL. */
  async listeningUrl(timeoutMs = 20_000): Promise<string> {
    const entry = await this.waitForLog(/^Listening on http:\/\//, timeoutMs);
    return entry.message.slice('Listening on '.length);
  }

  /** Waits for the process to end, killing it after `timeoutMs`. */
  async waitForExit(timeoutMs = 20_000): Promise<ProcessExit> {
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the process if it still runs and waits until it has ended. */
  async stop(): Promise<void> {
    if (!this.#exit) this.#child.kill('SIGKILL');
    await this.exited;
  }

  /** The output so far, for failure messages. */
  describeOutput(): string {
    return `stdout:\n${this.#stdout || '(empty)'}\nstderr:\n${this.#stderr || '(empty)'}`;
  }

  #addLine(line: string) {
    if (line.startsWith('{')) {
      try {
        const entry = JSON.parse(line) as LogEntry;
        if (typeof entry.message === 'string') this.#logs.push(entry);
      } catch {
        // Not a log entry; it stays in stdout.
      }
    }
    this.#notify();
  }

  #notify() {
    for (const listener of [...this.#listeners]) listener();
  }

  #waitFor<T>(what: string, timeoutMs: number, find: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) done(() => resolve(found));
        else if (this.#exit) done(() => reject(this.#failure(`exited (${describeExit(this.#exit!)})`, what)));
      };
      const timer = setTimeout(
        () => done(() => reject(this.#failure(`did not write it within ${timeoutMs} ms`, what))),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        settle();
      };
      this.#listeners.add(check);
      check();
    });
  }

  #failure(reason: string, what: string): Error {
    return new Error(`Waited for ${what}, but process ${this.pid} ${reason}\n${this.describeOutput()}`);
  }
}

function describeExit(exit: ProcessExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}
