/** The units of a duration object (`{ minutes: 5 }`), largest first. */
export const DURATION_UNITS = [
  'years',
  'months',
  'weeks',
  'days',
  'hours',
  'minutes',
  'seconds',
  'milliseconds',
] as const;

/** One of {@link DURATION_UNITS}. */
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** Milliseconds per unit; a year counts as 365 days and a month as 30, as calendars do not apply. */
export const MILLIS_PER_UNIT: Readonly<Record<DurationUnit, number>> = Object.freeze({
  years: 365 * 86_400_000,
  months: 30 * 86_400_000,
  weeks: 7 * 86_400_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
  milliseconds: 1,
});

/**
 * The longest duration accepted anywhere (10 years). Longer values are mistakes, such as
 * seconds written where milliseconds were meant, and would overflow timers.
 */
export const MAX_DURATION_MS = 10 * MILLIS_PER_UNIT.years;

/** Unit words in duration text (`'30s'`, `'2 hours'`, `'1h30m'`), matched case-insensitively. */
const UNIT_WORDS: Readonly<Record<DurationUnit, readonly string[]>> = {
  years: ['y', 'yr', 'yrs', 'year', 'years'],
  months: ['mo', 'month', 'months'],
  weeks: ['w', 'wk', 'wks', 'week', 'weeks'],
  days: ['d', 'day', 'days'],
  hours: ['h', 'hr', 'hrs', 'hour', 'hours'],
  minutes: ['m', 'min', 'mins', 'minute', 'minutes'],
  seconds: ['s', 'sec', 'secs', 'second', 'seconds'],
  milliseconds: ['ms', 'msec', 'msecs', 'millisecond', 'milliseconds'],
};

const UNIT_BY_WORD = new Map<string, DurationUnit>(
  DURATION_UNITS.flatMap((unit) => UNIT_WORDS[unit].map((word) => [word, unit] as const)),
);

/**
 * The unit a word in duration text names, or undefined for an unknown word.
 *
 * @example
 * unitOfWord('Hours'); // 'hours'
 * unitOfWord('m'); // 'minutes'
 * unitOfWord('fortnights'); // undefined
 */
export function unitOfWord(word: string): DurationUnit | undefined {
  return UNIT_BY_WORD.get(word.toLowerCase());
}

/** The short unit words, for messages: `ms, s, m, h, d, w, mo, y`. */
export const SHORT_UNIT_WORDS = DURATION_UNITS.map((unit) => UNIT_WORDS[unit][0]!)
  .reverse()
  .join(', ');
