/**
 * Where a config value was set: a file with line and column (1-based), or the name
 * of an `APP_CONFIG_*` environment variable (then without line and column).
 */
export interface ConfigLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** Finds where the value at a full key (`backend.listen.port`, `catalog.locations[0]`) was set. */
export type LocateConfigKey = (key: string) => ConfigLocation | undefined;

/** One step into a config value: an object key or an array index. */
export type ConfigPathSegment = string | number;

/**
 * Formats a location the way editors and terminals make clickable.
 *
 * @example
 * formatConfigLocation({ file: 'app-config.yaml', line: 3, column: 11 }); // 'app-config.yaml:3:11'
 */
export function formatConfigLocation(location: ConfigLocation): string {
  if (location.line === undefined) return location.file;
  return `${location.file}:${location.line}${location.column === undefined ? '' : `:${location.column}`}`;
}

/**
 * Joins path segments into the canonical key used in messages and by `locate`:
 * object keys joined by dots, array indices in brackets.
 *
 * @example
 * configKey(['catalog', 'locations', 0, 'target']); // 'catalog.locations[0].target'
 */
export function configKey(segments: readonly ConfigPathSegment[], prefix = ''): string {
  let key = prefix;
  for (const segment of segments) {
    if (typeof segment === 'number') key += `[${segment}]`;
    else key += key === '' ? segment : `.${segment}`;
  }
  return key;
}
