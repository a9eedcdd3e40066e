import { z } from 'zod';
import { parseDurationText } from './duration-text.js';
import { DURATION_UNITS, type DurationUnit, MAX_DURATION_MS, MILLIS_PER_UNIT } from './duration-units.js';
import { formatDuration } from './format-duration.js';

/**
 * The accepted forms of a duration, for the `.describe()` text of every config key that
 * takes one, so that all of them explain it the same way.
 *
 * @example
 * timeout: durationSchema.prefault('60s').describe(`How long one read may take. ${DURATION_DESCRIPTION}`)
 */
export const DURATION_DESCRIPTION =
  "A duration: milliseconds (1500), a number with a unit ('30s', '5 minutes', '1h30m'; units ms, s, m, h, d, w, mo, y), " +
  "ISO 8601 ('PT5M', 'P1D') or an object ({ minutes: 5 }); at most 10 years.";

/** Text longer than this is refused before it is parsed. */
const MAX_TEXT_LENGTH = 100;

const tooLong = (ms: unknown) =>
  `a duration may be at most 10 years (${formatDuration(MAX_DURATION_MS)}), got ${
    typeof ms === 'number' ? formatDuration(ms) : String(ms)
  }; check the unit`;

const notNegative = {
  error: (issue: { input?: unknown }) => `a duration cannot be negative, got ${String(issue.input)}`,
};

const millisecondsSchema = z
  .number()
  .min(0, notNegative)
  .max(MAX_DURATION_MS, { error: (issue) => tooLong(issue.input) });

const textSchema = z
  .string()
  .max(MAX_TEXT_LENGTH, { error: `duration text may be at most ${MAX_TEXT_LENGTH} characters` });

const unitAmount = z.number().min(0, notNegative).optional();

const unitsSchema = z.strictObject(
  {
    years: unitAmount,
    months: unitAmount,
    weeks: unitAmount,
    days: unitAmount,
    hours: unitAmount,
    minutes: unitAmount,
    seconds: unitAmount,
    milliseconds: unitAmount,
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown duration unit ${issue.keys.map((key) => `'${key}'`).join(', ')}; use ${DURATION_UNITS.join(', ')}`
        : undefined,
  },
);

// Only the shapes are checked in the union, so that a value of the right type gets the
// message of its own form rather than one listing all forms.
const durationShapeSchema = z.union([millisecondsSchema, textSchema, unitsSchema]);

/** Milliseconds of an accepted value (not rounded), or what is wrong with it. */
function toMillis(value: z.output<typeof durationShapeSchema>): { ms: number } | { problem: string } {
  if (typeof value === 'number') return { ms: value };
  if (typeof value === 'string') return parseDurationText(value);
  const units = Object.entries(value).filter(([, amount]) => amount !== undefined);
  if (units.length === 0)
    return { problem: 'a duration object needs at least one unit, like { minutes: 5 }' };
  let ms = 0;
  for (const [unit, amount] of units) ms += amount! * MILLIS_PER_UNIT[unit as DurationUnit];
  return { ms };
}

/**
 * A duration in config or in code, read as whole milliseconds. Accepts a number of
 * milliseconds, ISO 8601 text (`'PT5M'`, `'P1D'`), a number with a unit (`'30s'`,
 * `'5 minutes'`, `'2 hours'`, `'1d'`, `'1h30m'`) or a `HumanDuration` object
 * (`{ minutes: 1, seconds: 30 }`). Refuses negative and non-finite values, unknown
 * units and anything longer than 10 years, with a message saying how to write one.
 * Give defaults with `.prefault('5m')`, so that JSON Schema shows them as people write them.
 *
 * @example
 * durationSchema.parse('30s'); // 30000
 * durationSchema.parse('PT1M30S'); // 90000
 * durationSchema.parse({ minutes: 1, seconds: 30 }); // 90000
 * z.object({ timeout: durationSchema.prefault('1m').describe(`How long to wait. ${DURATION_DESCRIPTION}`) });
 */
export const durationSchema = durationShapeSchema
  .transform((value, ctx) => {
    // An unknown unit ({ minute: 5 }) reaches here as an issue already; one message is enough.
    if (ctx.issues.length > 0) return z.NEVER;
    const parsed = toMillis(value);
    if ('problem' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.problem, input: value });
      return z.NEVER;
    }
    const ms = Math.round(parsed.ms);
    if (ms > MAX_DURATION_MS) {
      ctx.addIssue({ code: 'custom', message: tooLong(ms), input: value });
      return z.NEVER;
    }
    return ms;
  })
  .describe(DURATION_DESCRIPTION);
