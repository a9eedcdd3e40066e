import type { Logger } from '@greenroom/backend-plugin-api';

/** What a stitch wrote: the refs whose final form was created, updated or deleted. */
export interface CatalogChange {
  refs: readonly string[];
  /** Increases with every change this process saw; read caches can key on it. */
  generation: number;
}

/** Called after a stitch committed changes. Must not throw; errors are logged and ignored. */
export type CatalogChangeListener = (change: CatalogChange) => void;

/**
 * The "catalog changed" signal: a list of listeners told, after each committed stitch
 * write, which refs changed, so read caches (counts, facets) can invalidate. It sees
 * the writes of this process only.
 *
 * @example
 * const changes = new CatalogChanges(logger);
 * const unsubscribe = changes.subscribe(({ refs }) => cache.invalidate(refs));
 */
export class CatalogChanges {
  readonly #listeners = new Set<CatalogChangeListener>();
  readonly #logger: Logger | undefined;
  #generation = 0;

  constructor(logger?: Logger) {
    this.#logger = logger;
  }

  /** The number of changes emitted so far. */
  get generation(): number {
    return this.#generation;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: CatalogChangeListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Tells every listener that `refs` changed; does nothing for an empty list. */
  emit(refs: readonly string[]): void {
    if (refs.length === 0) return;
    this.#generation += 1;
    const change: CatalogChange = { refs, generation: this.#generation };
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#logger?.error('A catalog change listener threw; fix the listener', { error });
      }
    }
  }
}
