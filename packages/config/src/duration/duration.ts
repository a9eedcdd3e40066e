import type { HumanDuration } from '@greenroom/backend-plugin-api';
import { InputError } from '@greenroom/errors';
import { durationSchema } from './duration-schema.js';

const FORMS = "use milliseconds (1500), text ('30s', '1h30m', 'PT5M') or an object ({ minutes: 5 })";

/**
 * Converts a duration in any accepted form (see {@link durationSchema}) to whole
 * milliseconds. Throws an `InputError` that says what is wrong and how to write it;
 * callers add where the value came from.
 *
 * @example
 * durationToMillis({ minutes: 1, seconds: 30 }); // 90000
 * durationToMillis('PT1M30S'); // 90000
 * durationToMillis('1h30m'); // 5400000
 * durationToMillis(250); // 250
 * durationToMillis('soon'); // throws InputError: 'soon' is not a duration; write a number with a unit ...
 */
export function durationToMillis(value: HumanDuration | number | string): number {
  const result = durationSchema.safeParse(value);
  if (result.success) return result.data;
  let issue = result.error.issues[0]!;
  if (issue.code === 'invalid_union') {
    // An object of the right shape with a wrong amount, e.g. { seconds: 'five' }.
    const shaped = issue.errors.filter((branch) => branch.every((inner) => inner.path.length > 0));
    if (shaped.length !== 1) throw new InputError(`${preview(value)} is not a duration; ${FORMS}`);
    issue = shaped[0]![0]!;
  }
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new InputError(`${where}${issue.message}`);
}

function preview(value: unknown): string {
  if (typeof value === 'number') return `${value} (not a finite number)`;
  if (value === undefined) return 'undefined';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
