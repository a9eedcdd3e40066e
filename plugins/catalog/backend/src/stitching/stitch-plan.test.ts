import { TimeSlice } from '@greenroom/backend-plugin-api';
import { describe, expect, it } from 'vitest';
import type { StitchInputs, StoredEntityRow } from './stitch-inputs.js';
import { planStitch } from './stitch-plan.js';

function inputsFor(count: number): { refs: string[]; inputs: StitchInputs } {
  const refs: string[] = [];
  const entities = new Map<string, StoredEntityRow>();
  for (let i = 0; i < count; i++) {
    const ref = `component:default/service-${i}`;
    refs.push(ref);
    entities.set(ref, {
      entity_id: `id-${i}`,
      entity_ref: ref,
      processed: JSON.stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: `service-${i}`, namespace: 'default' },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
      }),
      errors: null,
      location_key: 'url:http://127.0.0.1/catalog-info.yaml',
    });
  }
  return { refs, inputs: { entities, relations: new Map(), referenced: new Set(refs), previous: new Map() } };
}

describe('planStitch', () => {
  it('builds a large batch in slices, letting queued callbacks run between them', async () => {
    const { refs, inputs } = inputsFor(300);
    let ranDuring = false;
    let planned = false;
    setImmediate(() => {
      ranDuring = !planned;
    });
    // A zero budget yields before every entity, as a slow machine would after 10 ms.
    const plan = await planStitch(refs, inputs, new TimeSlice(0));
    planned = true;
    expect(ranDuring).toBe(true);
    expect(plan.writes.map((w) => w.ref)).toEqual(refs);
    expect(plan.writes.every((w) => w.change === 'created' && w.searchInserts.length > 0)).toBe(true);
  });

  it('plans the same writes whatever the slice budget', async () => {
    const { refs, inputs } = inputsFor(50);
    const sliced = await planStitch(refs, inputs, new TimeSlice(0));
    const whole = await planStitch(refs, inputs, new TimeSlice(60_000));
    expect(sliced.writes.map((w) => [w.ref, w.final.hash, w.searchInserts.length])).toEqual(
      whole.writes.map((w) => [w.ref, w.final.hash, w.searchInserts.length]),
    );
  });
});
