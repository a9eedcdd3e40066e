import { describe, expect, it } from 'vitest';
import { durationToMillis } from './duration.js';
import { formatDuration } from './format-duration.js';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [250, '250ms'],
    [1_500, '1s500ms'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [93_600_000, '1d2h'],
    [50.4, '50ms'],
    [-5_000, '-5s'],
  ])('formats %j ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes what durationToMillis reads back', () => {
    for (const ms of [1, 999, 61_000, 3_600_000, 86_400_001, 1_234_567_890]) {
      expect(durationToMillis(formatDuration(ms))).toBe(ms);
    }
  });
});
