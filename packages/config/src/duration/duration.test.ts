import { InputError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { durationToMillis } from './duration.js';

const DAY = 86_400_000;

describe('durationToMillis', () => {
  it.each([
    [250, 250],
    [0, 0],
    [1.5, 2],
  ])('reads the number %j as milliseconds, rounded to %i', (value, ms) => {
    expect(durationToMillis(value)).toBe(ms);
  });

  it.each([
    ['PT5M', 300_000],
    ['PT1M30S', 90_000],
    ['PT0.25S', 250],
    ['PT0,5S', 500],
    ['P1D', DAY],
    ['P1DT1H', 90_000_000],
    ['P2W', 14 * DAY],
    ['P1Y', 365 * DAY],
    ['P1M', 30 * DAY],
    ['pt5m', 300_000],
    [' PT5M ', 300_000],
  ])('reads the ISO 8601 duration %j as %i ms', (value, ms) => {
    expect(durationToMillis(value)).toBe(ms);
  });

  it.each([
    ['500', 500],
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', DAY],
    ['1w', 7 * DAY],
    ['1y', 365 * DAY],
    ['2 hours', 7_200_000],
    ['30 seconds', 30_000],
    ['5 Minutes', 300_000],
    ['1.5h', 5_400_000],
    ['1h30m', 5_400_000],
    ['1h 30m 15s', 5_415_000],
    ['1 hour, 30 minutes', 5_400_000],
  ])('reads the text %j as %i ms', (value, ms) => {
    expect(durationToMillis(value)).toBe(ms);
  });

  it('adds up the units of a duration object, counting a year as 365 days and a month as 30', () => {
    expect(durationToMillis({ minutes: 1, seconds: 30 })).toBe(90_000);
    expect(durationToMillis({ days: 1, hours: 2, milliseconds: 5 })).toBe(93_600_005);
    expect(durationToMillis({ weeks: 1 })).toBe(7 * DAY);
    expect(durationToMillis({ years: 1, months: 1 })).toBe(395 * DAY);
    expect(durationToMillis({ seconds: 1.5 })).toBe(1_500);
  });

  it('throws an InputError', () => {
    expect(() => durationToMillis('soon')).toThrow(InputError);
  });

  it.each(['soon', '', 'P', 'PT', 'P1DT', 'PT5', 'P5S', '5 minutes and 3 seconds'])(
    'refuses the text %j, saying how to write a duration',
    (text) => {
      expect(() => durationToMillis(text)).toThrow(/not (an ISO 8601 duration|a duration).*'30s'.*'PT5M'/);
    },
  );

  it('names the unknown unit of a text', () => {
    expect(() => durationToMillis('10 fortnights')).toThrow(
      /'10 fortnights' has an unknown unit 'fortnights'; use ms, s, m, h, d, w, mo, y/,
    );
    expect(() => durationToMillis('1h 30')).toThrow(/'1h 30' has a number without a unit/);
  });

  it('refuses negative durations in every form', () => {
    for (const value of [-1, '-5s', '-PT5M', { seconds: -1 }]) {
      expect(() => durationToMillis(value), JSON.stringify(value)).toThrow(/cannot be negative/);
    }
  });

  it('refuses numbers that are not finite', () => {
    expect(() => durationToMillis(Number.NaN)).toThrow(/NaN \(not a finite number\) is not a duration/);
    expect(() => durationToMillis(Number.POSITIVE_INFINITY)).toThrow(/Infinity .* is not a duration/);
  });

  it('refuses unknown units, amounts that are not numbers and empty objects', () => {
    expect(() => durationToMillis({ minute: 5 } as never)).toThrow(
      /unknown duration unit 'minute'; use years, months, weeks, days, hours, minutes, seconds, milliseconds/,
    );
    expect(() => durationToMillis({ hours: 1, eons: 2 } as never)).toThrow(/unknown duration unit 'eons'/);
    expect(() => durationToMillis({ seconds: '5' } as never)).toThrow(/^seconds: .*expected number/);
    expect(() => durationToMillis({})).toThrow(/needs at least one unit, like \{ minutes: 5 \}/);
  });

  it('refuses values that are no duration at all, listing the forms', () => {
    for (const value of [true, null, [], undefined]) {
      expect(() => durationToMillis(value as never), String(value)).toThrow(
        /is not a duration; use milliseconds \(1500\), text \('30s', '1h30m', 'PT5M'\) or an object/,
      );
    }
  });

  it('refuses durations longer than 10 years in every form, and overlong text', () => {
    expect(durationToMillis({ years: 10 })).toBe(3650 * DAY);
    for (const value of [3650 * DAY + 1, 'P11Y', '3651d', { years: 11 }, 1e20]) {
      expect(() => durationToMillis(value), String(value)).toThrow(
        /a duration may be at most 10 years \(3650d\), got .*; check the unit/,
      );
    }
    expect(() => durationToMillis(`${'1'.repeat(101)}ms`)).toThrow(/at most 100 characters/);
  });
});
