import { type DurationUnit, MILLIS_PER_UNIT, SHORT_UNIT_WORDS, unitOfWord } from './duration-units.js';

/** The result of {@link parseDurationText}: milliseconds, or what is wrong with the text. */
export type ParsedDurationText = { ms: number } | { problem: string };

const TEXT_HINT = "write a number with a unit ('30s', '5 minutes', '1h30m') or ISO 8601 ('PT5M', 'P1D')";

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const ISO_DURATION = new RegExp(
  `^P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
  'i',
);
const ISO_UNITS: readonly DurationUnit[] = [
  'years',
  'months',
  'weeks',
  'days',
  'hours',
  'minutes',
  'seconds',
];

/** One `<number><unit>` part of human duration text, with the separators after it. */
const TEXT_PART = /(\d+(?:\.\d+)?)\s*([a-z]*)[\s,]*/iy;

/**
 * Reads duration text as milliseconds (not rounded): ISO 8601 (`'PT5M'`, `'P1DT12H'`,
 * `'PT0.5S'`), a number with a unit (`'30s'`, `'5 minutes'`, `'1.5h'`), several of those
 * (`'1h30m'`, `'1 hour, 30 minutes'`), or a bare number of milliseconds (`'500'`).
 *
 * @example
 * parseDurationText('PT1M30S'); // { ms: 90000 }
 * parseDurationText('1h30m'); // { ms: 5400000 }
 * parseDurationText('soon'); // { problem: "'soon' is not a duration; write a number with a unit ..." }
 */
export function parseDurationText(text: string): ParsedDurationText {
  const trimmed = text.trim();
  if (trimmed.startsWith('-')) return { problem: `a duration cannot be negative, got '${text}'` };
  if (/^P/i.test(trimmed)) return parseIsoDuration(trimmed, text);
  return parseHumanDuration(trimmed, text);
}

function parseIsoDuration(trimmed: string, text: string): ParsedDurationText {
  const match = ISO_DURATION.exec(trimmed);
  // 'P', 'PT' and 'P1DT' match the pattern but name no time at all after a designator.
  if (!match || /^PT?$/i.test(trimmed) || /T$/i.test(trimmed)) {
    return { problem: `'${text}' is not an ISO 8601 duration; ${TEXT_HINT}` };
  }
  let ms = 0;
  ISO_UNITS.forEach((unit, index) => {
    const amount = match[index + 1];
    if (amount !== undefined) ms += Number(amount.replace(',', '.')) * MILLIS_PER_UNIT[unit];
  });
  return { ms };
}

function parseHumanDuration(trimmed: string, text: string): ParsedDurationText {
  const parts: { amount: number; word: string }[] = [];
  for (let index = 0; index < trimmed.length; index = TEXT_PART.lastIndex) {
    TEXT_PART.lastIndex = index;
    const match = TEXT_PART.exec(trimmed);
    if (!match) return { problem: `'${text}' is not a duration; ${TEXT_HINT}` };
    parts.push({ amount: Number(match[1]), word: match[2]! });
  }
  if (parts.length === 0) return { problem: `'${text}' is not a duration; ${TEXT_HINT}` };
  if (parts.length === 1 && parts[0]!.word === '') return { ms: parts[0]!.amount };
  let ms = 0;
  for (const { amount, word } of parts) {
    if (word === '') {
      return { problem: `'${text}' has a number without a unit; ${TEXT_HINT}` };
    }
    const unit = unitOfWord(word);
    if (!unit) {
      return {
        problem: `'${text}' has an unknown unit '${word}'; use ${SHORT_UNIT_WORDS} or their names (minutes, hours, …)`,
      };
    }
    ms += amount * MILLIS_PER_UNIT[unit];
  }
  return { ms };
}
