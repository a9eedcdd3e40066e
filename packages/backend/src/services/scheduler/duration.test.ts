import { describe, expect, it } from 'vitest';
import { durationToMillis, humanDurationSchema, millisToIsoDuration } from './duration.js';

describe('durationToMillis', () => {
  it('adds up the units of a duration object', () => {
    expect(durationToMillis({ minutes: 1, seconds: 30 })).toBe(90_000);
    expect(durationToMillis({ days: 1, hours: 2, milliseconds: 5 })).toBe(93_600_005);
    expect(durationToMillis({ weeks: 1 })).toBe(7 * 86_400_000);
  });

  it('reads ISO 8601 durations, including fractions and dates', () => {
    expect(durationToMillis('PT5M')).toBe(300_000);
    expect(durationToMillis('PT1M30S')).toBe(90_000);
    expect(durationToMillis('PT0.25S')).toBe(250);
    expect(durationToMillis('P1DT1H')).toBe(90_000_000);
    expect(durationToMillis('P2W')).toBe(14 * 86_400_000);
  });

  it('counts a year as 365 days and a month as 30 days', () => {
    expect(durationToMillis({ years: 1 })).toBe(365 * 86_400_000);
    expect(durationToMillis('P1M')).toBe(30 * 86_400_000);
  });

  it('rejects text that is not an ISO 8601 duration, saying how to write one', () => {
    for (const text of ['5 minutes', 'P', 'PT', 'P1DT', '-PT5M', 'pt5m', 'PT5']) {
      expect(() => durationToMillis(text), text).toThrow(/not an ISO 8601 duration.*'PT5M'/);
    }
  });

  it('rejects unknown units, negative or non-numeric values and empty objects', () => {
    expect(() => durationToMillis({ minute: 5 } as never)).toThrow(/unknown duration unit 'minute'/);
    expect(() => durationToMillis({ seconds: -1 })).toThrow(/'seconds' must be a non-negative number/);
    expect(() => durationToMillis({ seconds: '5' } as never)).toThrow(
      /'seconds' must be a non-negative number/,
    );
    expect(() => durationToMillis({})).toThrow(/no units/);
  });

  it('rejects durations longer than 100 years', () => {
    expect(() => durationToMillis({ years: 101 })).toThrow(/longer than 100 years/);
  });
});

describe('millisToIsoDuration', () => {
  it('formats milliseconds as the shortest ISO 8601 duration', () => {
    expect(millisToIsoDuration(90_000)).toBe('PT1M30S');
    expect(millisToIsoDuration(250)).toBe('PT0.25S');
    expect(millisToIsoDuration(93_600_000)).toBe('P1DT2H');
    expect(millisToIsoDuration(0)).toBe('PT0S');
  });

  it('round-trips through durationToMillis', () => {
    for (const ms of [1, 999, 61_000, 3_600_000, 86_400_001]) {
      expect(durationToMillis(millisToIsoDuration(ms))).toBe(ms);
    }
  });
});

describe('humanDurationSchema', () => {
  it('accepts both spellings and reports what is wrong with a bad one', () => {
    expect(humanDurationSchema.parse('PT1S')).toBe('PT1S');
    expect(humanDurationSchema.parse({ seconds: 1 })).toEqual({ seconds: 1 });
    const result = humanDurationSchema.safeParse('one second');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/'one second' is not an ISO 8601 duration/);
    expect(humanDurationSchema.safeParse({ sec: 1 }).success).toBe(false);
  });
});
