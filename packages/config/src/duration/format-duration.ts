const PARTS: readonly (readonly [word: string, ms: number])[] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

/**
 * Formats milliseconds for people, in the short form {@link durationToMillis} reads back:
 * days, hours, minutes, seconds and milliseconds, largest first, zero parts left out.
 * Fractions of a millisecond are rounded.
 *
 * @example
 * formatDuration(90_000); // '1m30s'
 * formatDuration(93_600_000); // '1d2h'
 * formatDuration(250); // '250ms'
 * formatDuration(0); // '0s'
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return '0s';
  let text = ms < 0 ? '-' : '';
  for (const [word, size] of PARTS) {
    const amount = Math.floor(rest / size);
    if (amount > 0) text += `${amount}${word}`;
    rest -= amount * size;
  }
  return text;
}
