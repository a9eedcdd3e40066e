import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/** A running watch; `close` stops it and cancels a pending notification. */
export interface FileWatch {
  close(): void;
}

/**
 * Calls `onChange` (debounced) when any of `paths` is created, changed, renamed or
 * removed. Watches the directories rather than the files, so editors that save by
 * renaming and files that do not exist yet are both seen. Watchers do not keep the
 * process alive.
 *
 * @example
 * const watch = watchFiles(['/srv/app-config.yaml'], () => reload(), { debounceMs: 100 });
 * watch.close();
 */
export function watchFiles(
  paths: readonly string[],
  onChange: () => void,
  options: { debounceMs?: number } = {},
): FileWatch {
  const debounceMs = options.debounceMs ?? 100;
  const namesByDir = new Map<string, Set<string>>();
  for (const path of paths) {
    const names = namesByDir.get(dirname(path)) ?? new Set<string>();
    names.add(basename(path));
    namesByDir.set(dirname(path), names);
  }
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
    timer.unref();
  };
  const watchers: FSWatcher[] = [];
  for (const [dir, names] of namesByDir) {
    try {
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || names.has(basename(String(name)))) schedule();
      });
      // A directory that disappears stops reporting; the other directories keep working.
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // The directory does not exist (any more); nothing in it can change.
    }
  }
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
