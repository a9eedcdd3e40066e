import type { TaskFrequency } from '@greenroom/backend-plugin-api';
import { durationToMillis } from '@greenroom/config';
import { Cron } from 'croner';

/**
 * A task's frequency, parsed: a fixed interval, a cron expression (evaluated in UTC,
 * so every instance agrees whatever its time zone), or manual triggering only.
 */
export type Cadence =
  | { readonly type: 'interval'; readonly intervalMs: number }
  | { readonly type: 'cron'; readonly expression: string; readonly cron: Cron }
  | { readonly type: 'manual' };

/**
 * Parses a {@link TaskFrequency}. Throws a plain `Error` saying what is wrong; the
 * caller adds the task id.
 *
 * @example
 * parseCadence({ minutes: 5 }); // { type: 'interval', intervalMs: 300000 }
 * parseCadence({ cron: '0 * * * *' }); // { type: 'cron', ... }
 * parseCadence({ trigger: 'manual' }); // { type: 'manual' }
 */
export function parseCadence(frequency: TaskFrequency): Cadence {
  if (typeof frequency === 'object' && frequency !== null && 'cron' in frequency) {
    return parseCron(frequency.cron);
  }
  if (typeof frequency === 'object' && frequency !== null && 'trigger' in frequency) {
    if (frequency.trigger !== 'manual') {
      throw new Error(`trigger must be 'manual', got ${JSON.stringify(frequency.trigger)}`);
    }
    return { type: 'manual' };
  }
  const intervalMs = durationToMillis(frequency);
  if (intervalMs <= 0) throw new Error('an interval frequency must be longer than zero');
  return { type: 'interval', intervalMs };
}

function parseCron(expression: unknown): Cadence {
  if (typeof expression !== 'string' || expression.length > 200) {
    throw new Error(`cron must be a string of at most 200 characters, like '*/5 * * * *'`);
  }
  let cron: Cron;
  try {
    cron = new Cron(expression, { timezone: 'UTC', mode: '5-or-6-parts' });
  } catch (error) {
    throw new Error(
      `'${expression}' is not a valid cron expression (${(error as Error).message}); ` +
        `use 5 fields (minute hour day month weekday) or 6 with seconds first`,
    );
  }
  if (cron.nextRun() === null) throw new Error(`cron expression '${expression}' never matches`);
  return { type: 'cron', expression, cron };
}

/**
 * When a newly scheduled task first runs: an interval task right away, a cron task at
 * its next match, a manual task never (until triggered), all no sooner than `initialDelayMs`.
 *
 * @example
 * firstRunAt(parseCadence({ minutes: 5 }), Date.now(), 10_000); // in 10 s
 */
export function firstRunAt(cadence: Cadence, now: number, initialDelayMs: number): number | null {
  const earliest = now + initialDelayMs;
  switch (cadence.type) {
    case 'interval':
      return earliest;
    case 'cron':
      return nextCronMatch(cadence, earliest - 1);
    case 'manual':
      return null;
  }
}

/**
 * When a task runs next after a run that started at `runStartedAt` and ended at `now`.
 * An interval task keeps a fixed rate (start + interval) but never runs earlier than now;
 * a cron task runs at the next match after now; a manual task waits for a trigger.
 *
 * @example
 * nextRunAfter(parseCadence({ seconds: 10 }), start, start + 2_000); // start + 10 s
 */
export function nextRunAfter(cadence: Cadence, runStartedAt: number, now: number): number | null {
  switch (cadence.type) {
    case 'interval':
      return Math.max(runStartedAt + cadence.intervalMs, now);
    case 'cron':
      return nextCronMatch(cadence, now);
    case 'manual':
      return null;
  }
}

/**
 * A stable description of the cadence; a change means the next run time is recomputed.
 *
 * @example
 * describeCadence(parseCadence('PT5M')); // 'interval:300000'
 */
export function describeCadence(cadence: Cadence): string {
  switch (cadence.type) {
    case 'interval':
      return `interval:${cadence.intervalMs}`;
    case 'cron':
      return `cron:${cadence.expression}`;
    case 'manual':
      return 'manual';
  }
}

function nextCronMatch(cadence: { cron: Cron }, after: number): number | null {
  return cadence.cron.nextRun(new Date(after))?.getTime() ?? null;
}
