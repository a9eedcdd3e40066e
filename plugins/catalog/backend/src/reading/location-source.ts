import type { ContentReader, ReadTarget } from './content-reader.js';
import { errorTag, type FingerprintPart } from './fingerprint.js';
import type { ReadLocationLimits } from './read-location-limits.js';

/** One file of a location: where, its tag, and its content (none when its ETag still matched). */
export interface SourceFile extends ReadTarget {
  content: Buffer | undefined;
  tag: string;
}

/** A file or target that could not be read. */
export interface SourceError {
  target: string;
  message: string;
}

/**
 * The files a location target stands for: `missing` when nothing is there (a 404, an
 * absent path, a glob matching nothing), else the files read, the problems met, and
 * the fingerprint parts they make up.
 */
export type SourceListing =
  | { kind: 'missing'; message: string }
  | { kind: 'files'; files: SourceFile[]; errors: SourceError[]; parts: FingerprintPart[] };

/** What the file and URL sources read with. */
export interface SourceDeps {
  reader: ContentReader;
  limits: ReadLocationLimits;
  signal?: AbortSignal | undefined;
  /** The parts of the previous read, for conditional requests; absent for a full read. */
  previous?: readonly FingerprintPart[] | undefined;
}

/** The location ref of one file, which is also its fingerprint key and refresh key. */
export function fileRef(file: ReadTarget): string {
  return `${file.type}:${file.target}`;
}

/** A listing that holds only one problem; the same problem gives the same fingerprint. */
export function failedListing(file: ReadTarget, message: string): SourceListing {
  return {
    kind: 'files',
    files: [],
    errors: [{ target: file.target, message }],
    parts: [[fileRef(file), errorTag(message)]],
  };
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
