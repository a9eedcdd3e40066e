import { describe, expect, it } from 'vitest';
import { firstRunAt, nextRunAfter, parseCadence } from './cadence.js';

const at = (iso: string) => new Date(iso).getTime();
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('parseCadence', () => {
  it('reads durations, cron expressions and manual triggering', () => {
    expect(parseCadence({ minutes: 5 })).toEqual({ type: 'interval', intervalMs: 300_000 });
    expect(parseCadence('PT30S')).toEqual({ type: 'interval', intervalMs: 30_000 });
    expect(parseCadence('1h30m')).toEqual({ type: 'interval', intervalMs: 5_400_000 });
    expect(parseCadence({ cron: '*/5 * * * *' })).toMatchObject({ type: 'cron', expression: '*/5 * * * *' });
    expect(parseCadence({ trigger: 'manual' })).toEqual({ type: 'manual' });
  });

  it('rejects an invalid cron expression, explaining the expected shape', () => {
    expect(() => parseCadence({ cron: 'every five minutes' })).toThrow(
      /'every five minutes' is not a valid cron expression.*5 fields/,
    );
    expect(() => parseCadence({ cron: '61 * * * *' })).toThrow(/not a valid cron expression/);
  });

  it('rejects a cron expression that never matches', () => {
    expect(() => parseCadence({ cron: '0 0 30 2 *' })).toThrow(/never matches/);
  });

  it('rejects a zero interval and an unknown trigger', () => {
    expect(() => parseCadence({ seconds: 0 })).toThrow(/longer than zero/);
    expect(() => parseCadence({ trigger: 'auto' } as never)).toThrow(/trigger must be 'manual'/);
  });
});

describe('cron next times', () => {
  const everyFiveMinutes = parseCadence({ cron: '*/5 * * * *' });

  it('runs at the next match after the end of a run, in UTC', () => {
    const start = at('2026-03-01T10:02:00Z');
    expect(iso(nextRunAfter(everyFiveMinutes, start, at('2026-03-01T10:03:10Z')))).toBe(
      '2026-03-01T10:05:00.000Z',
    );
    expect(iso(nextRunAfter(everyFiveMinutes, start, at('2026-03-01T10:05:00Z')))).toBe(
      '2026-03-01T10:10:00.000Z',
    );
    const daily = parseCadence({ cron: '30 2 * * *' });
    expect(iso(nextRunAfter(daily, start, at('2026-03-01T10:03:00Z')))).toBe('2026-03-02T02:30:00.000Z');
  });

  it('supports a seconds field as the first of six', () => {
    const everyTenSeconds = parseCadence({ cron: '*/10 * * * * *' });
    expect(iso(nextRunAfter(everyTenSeconds, 0, at('2026-03-01T10:00:01Z')))).toBe(
      '2026-03-01T10:00:10.000Z',
    );
  });

  it('first runs at the next match, or exactly at the end of the initial delay when that matches', () => {
    expect(iso(firstRunAt(everyFiveMinutes, at('2026-03-01T10:01:00Z'), 0))).toBe('2026-03-01T10:05:00.000Z');
    expect(iso(firstRunAt(everyFiveMinutes, at('2026-03-01T10:01:00Z'), 4 * 60_000))).toBe(
      '2026-03-01T10:05:00.000Z',
    );
    expect(iso(firstRunAt(everyFiveMinutes, at('2026-03-01T10:01:00Z'), 5 * 60_000))).toBe(
      '2026-03-01T10:10:00.000Z',
    );
  });
});

describe('interval next times', () => {
  const everyTenSeconds = parseCadence({ seconds: 10 });

  it('keeps a fixed rate from the start of the previous run', () => {
    expect(nextRunAfter(everyTenSeconds, 1_000_000, 1_002_000)).toBe(1_010_000);
  });

  it('never schedules the next run in the past when a run took longer than the interval', () => {
    expect(nextRunAfter(everyTenSeconds, 1_000_000, 1_025_000)).toBe(1_025_000);
  });

  it('first runs right away, or after the initial delay', () => {
    expect(firstRunAt(everyTenSeconds, 1_000_000, 0)).toBe(1_000_000);
    expect(firstRunAt(everyTenSeconds, 1_000_000, 5_000)).toBe(1_005_000);
  });
});

describe('manual tasks', () => {
  it('have no next run time until triggered', () => {
    const manual = parseCadence({ trigger: 'manual' });
    expect(firstRunAt(manual, 1_000_000, 0)).toBeNull();
    expect(nextRunAfter(manual, 1_000_000, 1_001_000)).toBeNull();
  });
});
