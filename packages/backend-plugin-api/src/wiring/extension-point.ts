/**
 * A typed handle for an extension point: a plugin offers an implementation, and
 * modules of that same plugin use it during their init to add behaviour.
 *
 * @example
 * export const processorsExtensionPoint = createExtensionPoint<ProcessorsExtension>({
 *   id: 'catalog.processors',
 * });
 */
export interface ExtensionPoint<T> {
  readonly $$type: '@greenroom/ExtensionPoint';
  readonly id: string;
  /** Carries the extension type; never set at runtime. */
  readonly T?: T;
}

/** Creates an {@link ExtensionPoint}. */
export function createExtensionPoint<T>(options: { id: string }): ExtensionPoint<T> {
  return Object.freeze({ $$type: '@greenroom/ExtensionPoint' as const, id: options.id });
}
