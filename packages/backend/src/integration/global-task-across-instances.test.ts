import { TestDatabases, waitFor } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { RunJournal, type TickRun, tickerPlugin } from './fixtures/ticker-plugin.js';
import { useTestBackends } from './support/test-backends.js';

const databases = TestDatabases.create();
const backends = useTestBackends();

/** Two instances' runs never overlap in time, whichever instance ran them. */
function expectNoOverlap(runs: TickRun[]) {
  const sorted = [...runs].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    expect(sorted[i]!.start).toBeGreaterThanOrEqual(sorted[i - 1]!.end!);
  }
}

/**
 * The instances start one after the other. On SQLite both share each plugin's file
 * (WAL mode, busy timeout) through two connections of this one process, which works
 * for the scheduler's single-statement claims; starting them at the same moment does
 * not, see plugin-databases.test.ts.
 */
describe.each(databases.eachSupportedId())('two backend instances sharing one %s database', (databaseId) => {
  it('run a global task one instance at a time, and the survivor keeps running it when the other stops', async () => {
    const database = await databases.createConfig(databaseId);
    const config = { backend: { database, scheduler: { pollInterval: { milliseconds: 100 } } } };
    const journal = new RunJournal();
    const a = await backends.start({ features: [tickerPlugin({ instance: 'A', journal })], config });
    const b = await backends.start({ features: [tickerPlugin({ instance: 'B', journal })], config });

    await waitFor(() => journal.completed().length >= 6, 'six runs of the task across both instances');
    expect(journal.maxConcurrent).toBe(1);
    expectNoOverlap(journal.completed());

    expect([...a.logs.lines, ...b.logs.lines].filter((line) => line.level === 'error')).toEqual([]);
    await a.stop();
    // Stopping waits for A's run in progress, if any, to honour its aborted signal.
    expect(journal.runs.filter((run) => run.instance === 'A' && run.end === undefined)).toEqual([]);
    const afterStop = journal.runs.length;
    await waitFor(() => journal.completed(afterStop).length >= 3, 'three more runs after A stopped');
    expect(journal.runs.slice(afterStop).filter((run) => run.instance !== 'B')).toEqual([]);
    expect(journal.maxConcurrent).toBe(1);
    expectNoOverlap(journal.completed());
  });

  it('take over a running task at once when the instance running it stops', async () => {
    const database = await databases.createConfig(databaseId);
    const config = { backend: { database, scheduler: { pollInterval: { milliseconds: 100 } } } };
    const journal = new RunJournal();
    // Each run would work for a minute; only an aborted signal ends it early.
    const slow = (instance: string) =>
      tickerPlugin({
        instance,
        journal,
        frequency: { minutes: 10 },
        timeout: { minutes: 2 },
        workMs: 60_000,
      });
    const a = await backends.start({ features: [slow('A')], config });
    await waitFor(() => journal.inProgress === 1, 'the first instance to start the task');
    await backends.start({ features: [slow('B')], config });
    expect(journal.runs.map((run) => run.instance)).toEqual(['A']);

    await a.stop();
    expect(journal.runs[0]!.end).toBeDefined();
    // The claim would expire only after minutes; B runs the task because A released it.
    await waitFor(() => journal.runs.length === 2, 'the second instance to take the task over');
    expect(journal.runs[1]!.instance).toBe('B');
    expect(journal.maxConcurrent).toBe(1);
  });
});
