import path from 'node:path';
import { NotFoundError } from '@greenroom/errors';
import { glob } from 'tinyglobby';
import type { AllowedDirectories } from './allowed-directories.js';
import type { ReadTarget } from './content-reader.js';
import { errorTag } from './fingerprint.js';
import { failedListing, fileRef, messageOf, type SourceDeps, type SourceListing } from './location-source.js';
import { isGlobPattern } from './location-spec.js';
import { mapConcurrently } from './map-concurrently.js';

const SEPARATORS = path.sep === '\\' ? /[\\/]/ : /\//;

/**
 * The files of a `file` location: one absolute path, or every file an absolute glob
 * (`/srv/catalog/**\/catalog-info.yaml`) matches, sorted. Paths must stay inside the
 * allowed directories, after symlinks too; a target ending with a separator is refused.
 *
 * @example
 * const listing = await listFileLocation('/srv/catalog/all.yaml', { reader, limits, allowedDirectories });
 */
export async function listFileLocation(
  target: string,
  deps: SourceDeps & { allowedDirectories: AllowedDirectories },
): Promise<SourceListing> {
  const self: ReadTarget = { type: 'file', target };
  if (!path.isAbsolute(target)) {
    return failedListing(
      self,
      `File location target '${target}' is not an absolute path; give the full path, e.g. '/srv/catalog/catalog-info.yaml'`,
    );
  }
  if (/[\\/]$/.test(target)) {
    return failedListing(
      self,
      `File location target '${target}' ends with a path separator; name a file, or match files with a glob such as '${target}**/catalog-info.yaml'`,
    );
  }
  if (!isGlobPattern(target)) return readFiles([path.resolve(target)], deps, true);

  const segments = target.split(SEPARATORS);
  if (segments.some((segment) => segment === '..' || segment === '.')) {
    return failedListing(self, `File location glob '${target}' must not contain '.' or '..' segments`);
  }
  const firstGlob = segments.findIndex(isGlobPattern);
  const base = path.resolve(segments.slice(0, firstGlob).join(path.sep) || path.sep);
  if (!deps.allowedDirectories.contains(base)) {
    return failedListing(self, deps.allowedDirectories.notAllowed(base).message);
  }
  const matches = await glob(segments.slice(firstGlob).join('/'), {
    cwd: base,
    absolute: true,
    onlyFiles: true,
    expandDirectories: false,
  });
  if (matches.length === 0) return { kind: 'missing', message: `No files match '${target}'` };
  if (matches.length > deps.limits.maxFiles) {
    return failedListing(
      self,
      `'${target}' matches ${matches.length} files, more than the limit of ${deps.limits.maxFiles}; narrow the pattern or split the location`,
    );
  }
  return readFiles(matches.map((match) => path.resolve(match)).sort(), deps, false);
}

async function readFiles(files: string[], deps: SourceDeps, single: boolean): Promise<SourceListing> {
  const reads = await mapConcurrently(files, deps.limits.concurrency, async (target) => {
    const file: ReadTarget = { type: 'file', target };
    try {
      const read = await deps.reader.read(file, { maxBytes: deps.limits.maxFileBytes });
      return { ok: true as const, file: { ...file, ...read } };
    } catch (error) {
      deps.signal?.throwIfAborted();
      return { ok: false as const, file, error };
    }
  });
  const result: SourceListing & { kind: 'files' } = { kind: 'files', files: [], errors: [], parts: [] };
  for (const read of reads) {
    if (read.ok) {
      result.files.push(read.file);
      result.parts.push([fileRef(read.file), read.file.tag]);
    } else {
      if (single && read.error instanceof NotFoundError)
        return { kind: 'missing', message: read.error.message };
      const message = messageOf(read.error);
      result.errors.push({ target: read.file.target, message });
      result.parts.push([fileRef(read.file), errorTag(message)]);
    }
  }
  return result;
}
