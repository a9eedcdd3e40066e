import { InputError } from '@greenroom/errors';
import type { ConfigPathSegment } from '../location.js';

const PART = /^([^.[\]]+)((?:\[\d+\])*)$/;

/**
 * Splits a key into path segments: dots separate object keys, `[n]` indexes arrays.
 * Throws an `InputError` for empty segments such as `a..b`.
 *
 * @example
 * parseConfigKey('catalog.locations[0].target'); // ['catalog', 'locations', 0, 'target']
 */
export function parseConfigKey(key: string): ConfigPathSegment[] {
  if (key === '') return [];
  const segments: ConfigPathSegment[] = [];
  for (const part of key.split('.')) {
    const match = PART.exec(part);
    if (!match) {
      throw new InputError(`Invalid config key '${key}': use dot-separated names like 'backend.listen.port'`);
    }
    segments.push(match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}
