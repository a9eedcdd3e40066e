import { useCallback, useSyncExternalStore } from 'react';

const KEY = 'greenroom.catalog.starred';
const listeners = new Set<() => void>();
let cache: { raw: string | null; refs: string[] } = { raw: null, refs: [] };

function read(): string[] {
  const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
  if (raw !== cache.raw) {
    let refs: string[] = [];
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      refs = Array.isArray(parsed)
        ? parsed.filter((r): r is string => typeof r === 'string').slice(0, 500)
        : [];
    } catch {
      refs = [];
    }
    cache = { raw, refs };
  }
  return cache.refs;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => event.key === KEY && listener();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/**
 * The entities the user starred (canonical refs, kept in this browser), and a toggle.
 *
 * @example
 * const { starred, toggleStar } = useStarredEntities();
 */
export function useStarredEntities(): { starred: string[]; toggleStar(ref: string): void } {
  const starred = useSyncExternalStore(subscribe, read, () => []);
  const toggleStar = useCallback((ref: string) => {
    const current = read();
    const next = current.includes(ref) ? current.filter((r) => r !== ref) : [...current, ref];
    localStorage.setItem(KEY, JSON.stringify(next));
    for (const listener of listeners) listener();
  }, []);
  return { starred, toggleStar };
}
