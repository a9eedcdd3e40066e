import { describe, expect, it } from 'vitest';
import { TimeSlice } from './time-slice.js';

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy: stands for synchronous work
  }
}

describe('TimeSlice', () => {
  it('is due once its budget has run, and not after a yield', async () => {
    const slice = new TimeSlice(5);
    expect(slice.due).toBe(false);
    spin(6);
    expect(slice.due).toBe(true);
    await slice.yield();
    expect(slice.due).toBe(false);
  });

  it('lets timers and queued callbacks run between slices of a long job', async () => {
    const slice = new TimeSlice(5);
    const events: string[] = [];
    setTimeout(() => events.push('timer'), 1);
    setImmediate(() => events.push('immediate'));
    for (let step = 0; step < 8; step++) {
      if (slice.due) await slice.yield();
      spin(2);
      events.push(`step ${step}`);
    }
    // Sixteen milliseconds of work in slices of five: both callbacks ran before the end.
    expect(events.indexOf('timer')).toBeGreaterThan(0);
    expect(events.indexOf('timer')).toBeLessThan(events.length - 1);
    expect(events.indexOf('immediate')).toBeLessThan(events.length - 1);
    expect(events.filter((e) => e.startsWith('step'))).toHaveLength(8);
  });
});
