import { z } from 'zod';

const UNIT_MS = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

type Unit = keyof typeof UNIT_MS;

/** Unit spellings as in Backstage's config (`'30s'`, `'2 hours'`, `'1d'`). */
const UNIT_SPELLINGS: Record<Unit, string[]> = {
  ms: ['ms', 'msec', 'msecs', 'millisecond', 'milliseconds'],
  s: ['s', 'sec', 'secs', 'second', 'seconds'],
  m: ['m', 'min', 'mins', 'minute', 'minutes'],
  h: ['h', 'hr', 'hrs', 'hour', 'hours'],
  d: ['d', 'day', 'days'],
  w: ['w', 'week', 'weeks'],
};
const UNIT_NAMES = new Map<string, Unit>(
  Object.entries(UNIT_SPELLINGS).flatMap(([unit, names]) =>
    names.map((name) => [name, unit as Unit] as const),
  ),
);

const DURATION_TEXT = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

/**
 * A duration in config, read as milliseconds: a number of milliseconds, a string such
 * as `'500ms'`, `'30s'`, `'2m'`, `'1.5 hours'` or `'1d'`, or an object such as
 * `{ minutes: 1, seconds: 30 }` (keys `weeks`, `days`, `hours`, `minutes`, `seconds`,
 * `milliseconds`).
 *
 * @example
 * durationConfigSchema.parse('30s'); // 30000
 * durationConfigSchema.parse({ minutes: 1, seconds: 30 }); // 90000
 */
export const durationConfigSchema = z
  .union([
    z.number().int().nonnegative(),
    z.string().refine((value) => toMillisFromText(value) !== undefined, {
      message: "Use a number with a unit, such as '500ms', '30s', '2m', '1h' or '1d'",
    }),
    z
      .object({
        weeks: z.number().nonnegative().optional(),
        days: z.number().nonnegative().optional(),
        hours: z.number().nonnegative().optional(),
        minutes: z.number().nonnegative().optional(),
        seconds: z.number().nonnegative().optional(),
        milliseconds: z.number().nonnegative().optional(),
      })
      .strict(),
  ])
  .transform((value) => {
    if (typeof value === 'number') return value;
    if (typeof value === 'string') return toMillisFromText(value)!;
    return Math.round(
      (value.weeks ?? 0) * UNIT_MS.w +
        (value.days ?? 0) * UNIT_MS.d +
        (value.hours ?? 0) * UNIT_MS.h +
        (value.minutes ?? 0) * UNIT_MS.m +
        (value.seconds ?? 0) * UNIT_MS.s +
        (value.milliseconds ?? 0),
    );
  });

function toMillisFromText(value: string): number | undefined {
  const match = DURATION_TEXT.exec(value);
  if (!match) return undefined;
  const unit = match[2] ? UNIT_NAMES.get(match[2].toLowerCase()) : 'ms';
  return unit === undefined ? undefined : Math.round(Number(match[1]) * UNIT_MS[unit]);
}
