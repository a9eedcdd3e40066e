import { createHash } from 'node:crypto';

/** One thing a read depended on: its location ref and what identified its content then. */
export type FingerprintPart = readonly [key: string, tag: string];

/**
 * What a location read depended on. `main` are the location's own files (and, for URL
 * searches, the search itself); `deps` are files read for placeholders.
 */
export interface LocationFingerprint {
  origin: string;
  main: FingerprintPart[];
  deps: FingerprintPart[];
}

const VERSION = 1;

/**
 * The opaque string a caller stores and passes back as `previousFingerprint`. It holds
 * the ETags needed for conditional requests, so it is JSON rather than a single hash.
 *
 * @example
 * encodeFingerprint({ origin: 'file:/srv/all.yaml', main: [['file:/srv/all.yaml', contentTag(buffer)]], deps: [] });
 */
export function encodeFingerprint(fingerprint: LocationFingerprint): string {
  return JSON.stringify({ v: VERSION, ...fingerprint });
}

/**
 * Reads a stored fingerprint; anything unreadable or of another version is `undefined`,
 * which makes the next read a full one.
 *
 * @example
 * decodeFingerprint(encodeFingerprint(fingerprint))?.main; // the same parts
 */
export function decodeFingerprint(text: string | undefined): LocationFingerprint | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<LocationFingerprint> & { v?: unknown };
    if (value.v !== VERSION || typeof value.origin !== 'string') return undefined;
    if (!isPartList(value.main) || !isPartList(value.deps)) return undefined;
    return { origin: value.origin, main: value.main, deps: value.deps };
  } catch {
    return undefined;
  }
}

/**
 * The tag of content without an ETag: its SHA-256.
 *
 * @example
 * contentTag(Buffer.from('kind: Component')); // 'sha256:…'
 */
export function contentTag(content: Buffer): string {
  return `sha256:${createHash('sha256').update(content).digest('base64url')}`;
}

/** The tag of content identified by an HTTP ETag. */
export function etagTag(etag: string): string {
  return `etag:${etag}`;
}

/**
 * The tag of content identified by an HTTP `Last-Modified` date, for servers that send no
 * ETag.
 *
 * @example
 * modifiedTag(new Date('2026-01-01T00:00:00Z')); // 'modified:2026-01-01T00:00:00.000Z'
 */
export function modifiedTag(lastModifiedAt: Date): string {
  return `modified:${lastModifiedAt.toISOString()}`;
}

/** The `Last-Modified` date inside a tag made by {@link modifiedTag}, if it is one. */
export function modifiedOf(tag: string | undefined): Date | undefined {
  if (!tag?.startsWith('modified:')) return undefined;
  const date = new Date(tag.slice(9));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The tag of a read that failed; the same failure gives the same tag. */
export function errorTag(message: string): string {
  return `error:${createHash('sha256').update(message).digest('base64url').slice(0, 16)}`;
}

/** The ETag inside a tag made by {@link etagTag}, if it is one. */
export function etagOf(tag: string | undefined): string | undefined {
  return tag?.startsWith('etag:') ? tag.slice(5) : undefined;
}

/** Whether two part lists name the same things with the same tags, in the same order. */
export function sameParts(a: readonly FingerprintPart[], b: readonly FingerprintPart[]): boolean {
  return (
    a.length === b.length && a.every(([key, tag], index) => b[index]?.[0] === key && b[index]?.[1] === tag)
  );
}

function isPartList(value: unknown): value is FingerprintPart[] {
  return (
    Array.isArray(value) &&
    value.every(
      (part) =>
        Array.isArray(part) &&
        part.length === 2 &&
        typeof part[0] === 'string' &&
        typeof part[1] === 'string',
    )
  );
}
