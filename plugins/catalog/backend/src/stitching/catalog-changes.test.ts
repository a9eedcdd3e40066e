import type { Logger } from '@greenroom/backend-plugin-api';
import { describe, expect, it } from 'vitest';
import { CatalogChanges } from './catalog-changes.js';

describe('CatalogChanges', () => {
  it('tells every listener the changed refs with an increasing generation', () => {
    const changes = new CatalogChanges();
    const seen: unknown[] = [];
    changes.subscribe((change) => seen.push(change));
    changes.emit(['component:default/a']);
    changes.emit([]);
    changes.emit(['component:default/b']);
    expect(seen).toEqual([
      { refs: ['component:default/a'], generation: 1 },
      { refs: ['component:default/b'], generation: 2 },
    ]);
  });

  it('also follows the stored generation, which only ever rises', () => {
    const changes = new CatalogChanges();
    const seen: number[] = [];
    changes.subscribe(({ generation }) => seen.push(generation));
    changes.observeStored(5);
    expect(changes.generation).toBe(5);
    changes.observeStored(3);
    expect(changes.generation).toBe(5);
    changes.emit(['component:default/a'], 6);
    changes.emit([], 8);
    expect(seen).toEqual([7]);
    expect(changes.generation).toBe(9);
  });

  it('stops calling a listener once unsubscribed', () => {
    const changes = new CatalogChanges();
    let calls = 0;
    const unsubscribe = changes.subscribe(() => calls++);
    changes.emit(['component:default/a']);
    unsubscribe();
    changes.emit(['component:default/a']);
    expect(calls).toBe(1);
  });

  it('logs a throwing listener and still calls the others', () => {
    const logged: string[] = [];
    const logger = { error: (message: string) => logged.push(message) } as unknown as Logger;
    const changes = new CatalogChanges(logger);
    let called = false;
    changes.subscribe(() => {
      throw new Error('boom');
    });
    changes.subscribe(() => {
      called = true;
    });
    changes.emit(['component:default/a']);
    expect(called).toBe(true);
    expect(logged).toEqual([expect.stringContaining('listener threw')]);
  });
});
