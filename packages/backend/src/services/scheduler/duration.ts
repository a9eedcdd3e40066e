import type { HumanDuration } from '@greenroom/backend-plugin-api';
import { z } from 'zod';

/** Milliseconds per unit; years and months use the common 365 and 30 days. */
const UNIT_MS = {
  years: 365 * 86_400_000,
  months: 30 * 86_400_000,
  weeks: 7 * 86_400_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
  milliseconds: 1,
} as const;

type DurationUnit = keyof typeof UNIT_MS;

/** Durations longer than this (100 years) are rejected as mistakes. */
const MAX_DURATION_MS = 100 * UNIT_MS.years;

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const ISO_DURATION = new RegExp(
  `^P(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}W)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?$`,
);
const ISO_UNITS: DurationUnit[] = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'];

const HINT = `use an object like { minutes: 5 } or an ISO 8601 string like 'PT5M'`;

/**
 * Converts a {@link HumanDuration} to milliseconds. Throws a plain `Error` saying what is
 * wrong; callers wrap it with the place the duration came from.
 *
 * @example
 * durationToMillis({ minutes: 1, seconds: 30 }); // 90000
 * durationToMillis('PT1M30S'); // 90000
 */
export function durationToMillis(duration: HumanDuration): number {
  const ms = typeof duration === 'string' ? parseIsoDuration(duration) : sumUnits(duration);
  if (ms > MAX_DURATION_MS) throw new Error(`duration is longer than 100 years; ${HINT}`);
  return Math.round(ms);
}

function parseIsoDuration(text: string): number {
  const match = text.length <= 64 ? ISO_DURATION.exec(text.trim()) : null;
  if (!match || text.trim() === 'P' || text.trim().endsWith('T')) {
    throw new Error(`'${text.slice(0, 64)}' is not an ISO 8601 duration; ${HINT}`);
  }
  let ms = 0;
  ISO_UNITS.forEach((unit, index) => {
    const value = match[index + 1];
    if (value !== undefined) ms += Number(value.replace(',', '.')) * UNIT_MS[unit];
  });
  return ms;
}

function sumUnits(duration: object | null): number {
  if (duration === null || typeof duration !== 'object' || Array.isArray(duration)) {
    throw new Error(`not a duration; ${HINT}`);
  }
  const entries = Object.entries(duration);
  if (entries.length === 0) throw new Error(`duration has no units; ${HINT}`);
  let ms = 0;
  for (const [unit, value] of entries) {
    if (!Object.hasOwn(UNIT_MS, unit)) {
      throw new Error(`unknown duration unit '${unit}'; use ${Object.keys(UNIT_MS).join(', ')}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(`'${unit}' must be a non-negative number, got ${JSON.stringify(value)}`);
    }
    ms += value * UNIT_MS[unit as DurationUnit];
  }
  return ms;
}

/**
 * Formats milliseconds as an ISO 8601 duration, for messages and stored settings.
 *
 * @example
 * millisToIsoDuration(90_000); // 'PT1M30S'
 */
export function millisToIsoDuration(ms: number): string {
  const days = Math.floor(ms / UNIT_MS.days);
  let rest = ms - days * UNIT_MS.days;
  const hours = Math.floor(rest / UNIT_MS.hours);
  rest -= hours * UNIT_MS.hours;
  const minutes = Math.floor(rest / UNIT_MS.minutes);
  const seconds = (rest - minutes * UNIT_MS.minutes) / 1000;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  if (!days && !time) return 'PT0S';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/**
 * A {@link HumanDuration} in config: `{ minutes: 5 }` or `'PT5M'`, validated.
 *
 * @example
 * z.object({ pollInterval: humanDurationSchema.default('PT1S') });
 */
export const humanDurationSchema = z
  .union([
    z.string(),
    z.strictObject({
      years: z.number().optional(),
      months: z.number().optional(),
      weeks: z.number().optional(),
      days: z.number().optional(),
      hours: z.number().optional(),
      minutes: z.number().optional(),
      seconds: z.number().optional(),
      milliseconds: z.number().optional(),
    }),
  ])
  .superRefine((value, ctx) => {
    try {
      durationToMillis(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });
