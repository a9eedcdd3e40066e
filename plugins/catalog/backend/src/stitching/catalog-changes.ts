import type { Logger } from '@greenroom/backend-plugin-api';

/** What a stitch wrote: the refs whose final form was created, updated or deleted. */
export interface CatalogChange {
  refs: readonly string[];
  /** {@link CatalogChanges.generation} after this change. */
  generation: number;
}

/** Called after a stitch committed changes. Must not throw; errors are logged and ignored. */
export type CatalogChangeListener = (change: CatalogChange) => void;

/**
 * The "catalog changed" signal: a list of listeners told, after each committed stitch
 * write of this process, which refs changed. Its {@link generation} also follows the
 * generation stored in the database, which every instance's stitches count up
 * (see stored-generation.ts), so read caches keyed on it see other instances' writes.
 *
 * @example
 * const changes = new CatalogChanges(logger);
 * const unsubscribe = changes.subscribe(({ refs }) => cache.invalidate(refs));
 */
export class CatalogChanges {
  readonly #listeners = new Set<CatalogChangeListener>();
  readonly #logger: Logger | undefined;
  #generation = 0;
  #stored = 0;

  constructor(logger?: Logger) {
    this.#logger = logger;
  }

  /**
   * Increases with every change emitted here and with every rise of the stored
   * generation observed (both only grow, so their sum changes whenever either does).
   */
  get generation(): number {
    return this.#generation + this.#stored;
  }

  /** Takes note of the stored generation read from the database; lower values are ignored. */
  observeStored(value: number): void {
    if (value > this.#stored) this.#stored = value;
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: CatalogChangeListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Tells every listener that `refs` changed; does nothing for an empty list.
   * `stored`: the stored generation the committed write bumped to, if it did.
   */
  emit(refs: readonly string[], stored?: number): void {
    if (stored !== undefined) this.observeStored(stored);
    if (refs.length === 0) return;
    this.#generation += 1;
    const change: CatalogChange = { refs, generation: this.generation };
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#logger?.error('A catalog change listener threw; fix the listener', { error });
      }
    }
  }
}
