import type { ServiceFactory } from '@greenroom/backend-plugin-api';
import { createRootLoggerServiceFactory } from '../../services/logger/index.js';

/** One captured log line, as the JSON format writes it. */
export interface LogRecord {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  timestamp: string;
  plugin?: string;
  [field: string]: unknown;
}

/**
 * Keeps every line the backend logs: pass {@link LogCapture.factory} as a feature to
 * replace the root logger with the real one, writing JSON at debug level into memory
 * (whatever `LOG_LEVEL` says). `raw` is exactly what would have reached stdout, so a
 * test can assert that a secret appears nowhere.
 *
 * @example
 * const logs = new LogCapture();
 * const backend = await startTestBackend({ features: [logs.factory(), myPlugin] });
 * expect(logs.find((line) => line.plugin === 'my-plugin')).toBeDefined();
 */
export class LogCapture {
  /** The written text, one entry per line. */
  readonly raw: string[] = [];
  /** The same lines, parsed. */
  readonly lines: LogRecord[] = [];

  /** The root logger factory writing here; one per backend. */
  factory(): ServiceFactory {
    return createRootLoggerServiceFactory({
      level: 'debug',
      format: 'json',
      env: {},
      destination: {
        write: (text: string) => {
          for (const line of text.split('\n')) {
            if (line.trim() === '') continue;
            this.raw.push(line);
            this.lines.push(JSON.parse(line) as LogRecord);
          }
        },
      },
    });
  }

  /** Lines matching `predicate`, in order. */
  filter(predicate: (line: LogRecord) => boolean): LogRecord[] {
    return this.lines.filter(predicate);
  }

  /** The first line matching `predicate`, if any. */
  find(predicate: (line: LogRecord) => boolean): LogRecord | undefined {
    return this.lines.find(predicate);
  }

  /** Every captured line as one text, for "appears nowhere" assertions. */
  text(): string {
    return this.raw.join('\n');
  }
}
