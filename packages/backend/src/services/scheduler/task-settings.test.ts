import { InputError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { parseTaskSettings } from './task-settings.js';

const fn = async () => {};

describe('parseTaskSettings', () => {
  it('converts durations to milliseconds and defaults to global scope without delay', () => {
    const settings = parseTaskSettings({ id: 'refresh', frequency: { minutes: 5 }, timeout: 'PT1M', fn });
    expect(settings).toMatchObject({
      id: 'refresh',
      scope: 'global',
      cadence: { type: 'interval', intervalMs: 300_000 },
      timeoutMs: 60_000,
      initialDelayMs: 0,
      frequency: { minutes: 5 },
      timeout: 'PT1M',
    });
  });

  it('accepts ids with letters, digits, dots, underscores, colons and dashes', () => {
    for (const id of ['a', 'catalog:refresh-locations.v2_x', 'x'.repeat(200)]) {
      expect(parseTaskSettings({ id, frequency: { minutes: 1 }, timeout: { seconds: 5 }, fn }).id).toBe(id);
    }
  });

  it('rejects a bad id with an InputError quoting the pattern', () => {
    for (const id of ['', '-leading-dash', 'has space', 'x'.repeat(201), 'slash/no']) {
      expect(() => parseTaskSettings({ id, frequency: { minutes: 1 }, timeout: { seconds: 5 }, fn })).toThrow(
        /id: must match \^\[a-zA-Z0-9\]/,
      );
    }
  });

  it('names the task and the field in every error', () => {
    const invalid = (patch: object) => () =>
      parseTaskSettings({ id: 'nightly', frequency: { minutes: 1 }, timeout: { seconds: 5 }, fn, ...patch });
    expect(invalid({ frequency: { cron: 'not cron' } })).toThrow(InputError);
    expect(invalid({ frequency: { cron: 'not cron' } })).toThrow(
      /^Invalid task 'nightly': frequency: 'not cron' is not a valid cron expression/,
    );
    expect(invalid({ timeout: { seconds: 0 } })).toThrow(
      /Invalid task 'nightly': timeout: must be longer than zero/,
    );
    expect(invalid({ initialDelay: 'soon' })).toThrow(/Invalid task 'nightly': initialDelay: 'soon' is not/);
    expect(invalid({ scope: 'cluster' })).toThrow(/Invalid task 'nightly': scope:/);
    expect(invalid({ fn: 'run' })).toThrow(/Invalid task 'nightly': fn: must be a function/);
    expect(invalid({ signal: {} })).toThrow(/Invalid task 'nightly': signal: must be an AbortSignal/);
  });
});
