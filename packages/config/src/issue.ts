import { type ConfigLocation, formatConfigLocation } from './location.js';

/**
 * One problem found in config: a load warning, a schema violation or an unknown key.
 * `key` is the full key (`backend.listen.port`), `source` the schema entry that
 * complained (`core`, a plugin id) when there is one.
 */
export interface ConfigIssue {
  key: string;
  message: string;
  source?: string;
  location?: ConfigLocation;
}

/**
 * Formats issues one per line, location first so terminals and editors can jump to it.
 *
 * @example
 * formatConfigIssues([{ key: 'backend.listen.port', message: 'Expected number, received string',
 *   source: 'core', location: { file: 'app-config.yaml', line: 3, column: 11 } }]);
 * // 'app-config.yaml:3:11 backend.listen.port: Expected number, received string (from core)'
 */
export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.location ? `${formatConfigLocation(issue.location)} ` : '';
      const key = issue.key === '' ? '<root>' : issue.key;
      const from = issue.source ? ` (from ${issue.source})` : '';
      return `${where}${key}: ${issue.message}${from}`;
    })
    .join('\n');
}
