import { TimeSlice, type UrlReaderService } from '@greenroom/backend-plugin-api';
import { InputError } from '@greenroom/errors';
import { AllowedDirectories } from './allowed-directories.js';
import { ContentReader, type ReadTarget } from './content-reader.js';
import { listFileLocation } from './file-source.js';
import {
  decodeFingerprint,
  encodeFingerprint,
  type FingerprintPart,
  type LocationFingerprint,
  sameParts,
} from './fingerprint.js';
import type { SourceDeps, SourceListing } from './location-source.js';
import { type LocationSpec, locationSpecSchema } from './location-spec.js';
import { mapConcurrently } from './map-concurrently.js';
import { parseLocationFile } from './parse-location-file.js';
import { PlaceholderResolver } from './placeholder-resolver.js';
import {
  type ReadLocationLimits,
  type ReadLocationLimitsInput,
  resolveReadLocationLimits,
} from './read-location-limits.js';
import type { ReadEntity, ReadLocationError, ReadLocationResult } from './read-location-result.js';
import { listUrlLocation } from './url-source.js';

/** What {@link readLocation} reads with. */
export interface ReadLocationContext {
  urlReader: UrlReaderService;
  /** Absolute directories `file` targets and file placeholders must stay inside (`catalog.allowedFileDirectories`). */
  allowedFileDirectories: readonly string[];
  /** The location ref of the registration that led here; becomes `managed-by-origin-location`. */
  originLocation: string;
  /** The fingerprint of the previous read of this location, to skip unchanged content. */
  previousFingerprint?: string | undefined;
  signal?: AbortSignal | undefined;
  limits?: ReadLocationLimitsInput | undefined;
}

/**
 * Reads a location into entities, without touching the database: fetches its file(s),
 * parses every YAML document, resolves `$text`/`$json`/`$yaml` placeholders and sets the
 * location annotations. When nothing it depends on changed since `previousFingerprint`
 * (ETags or settled `Last-Modified` dates for URLs, content hashes otherwise, placeholder
 * files included), it answers `unchanged` without parsing. Problems are reported per file
 * or per entity in `errors`; only a malformed `location` or `context` throws (an
 * `InputError`), and an abort rejects with the signal's reason.
 *
 * @example
 * const result = await readLocation(
 *   { type: 'file', target: '/srv/catalog/all.yaml' },
 *   { urlReader, allowedFileDirectories: ['/srv/catalog'], originLocation: 'file:/srv/catalog/all.yaml' },
 * );
 * for (const { entity } of result.entities) console.log(entity.kind, entity.metadata.name);
 */
export async function readLocation(
  location: LocationSpec,
  context: ReadLocationContext,
): Promise<ReadLocationResult> {
  const parsedSpec = locationSpecSchema.safeParse(location);
  if (!parsedSpec.success) {
    throw new InputError(
      `Invalid location ${JSON.stringify(location)}: ${parsedSpec.error.issues[0]?.message}`,
    );
  }
  const spec = parsedSpec.data;
  const limits = resolveReadLocationLimits(context.limits);
  const allowedDirectories = await AllowedDirectories.create(context.allowedFileDirectories);
  const { signal, urlReader, originLocation } = context;
  const reader = new ContentReader({ urlReader, allowedDirectories, signal });
  const list = (previous?: readonly FingerprintPart[]): Promise<SourceListing> => {
    const deps: SourceDeps = { reader, limits, signal, previous };
    return spec.type === 'url'
      ? listUrlLocation(spec.target, { ...deps, urlReader })
      : listFileLocation(spec.target, { ...deps, allowedDirectories });
  };

  const decoded = decodeFingerprint(context.previousFingerprint);
  const previous = decoded?.origin === originLocation ? decoded : undefined;
  let listing = await list(previous?.main);
  if (
    previous &&
    listing.kind === 'files' &&
    sameParts(listing.parts, previous.main) &&
    (await dependenciesUnchanged(previous.deps, reader, limits))
  ) {
    return unchangedResult(previous, context.previousFingerprint as string);
  }
  // A file whose ETag still matched while a placeholder file changed: fetch it after all.
  if (listing.kind === 'files' && listing.files.some((file) => file.content === undefined)) {
    listing = await list();
  }
  if (listing.kind === 'missing') return missingResult(spec, listing.message, originLocation, context);

  const resolver = new PlaceholderResolver(reader, limits);
  const entities: ReadEntity[] = [];
  const errors: ReadLocationError[] = listing.errors.map(({ target, message }) => ({ target, message }));
  // Parsing a file of a few hundred entities takes 50–200 ms: yield between files.
  const slice = new TimeSlice();
  for (const file of listing.files) {
    signal?.throwIfAborted();
    if (slice.due) await slice.yield();
    const parsed = await parseLocationFile(file, file.content as Buffer, {
      resolver,
      limits,
      originLocation,
    });
    entities.push(...parsed.entities);
    errors.push(...parsed.errors);
  }
  const fingerprint: LocationFingerprint = {
    origin: originLocation,
    main: listing.parts,
    deps: resolver.parts(),
  };
  return {
    entities,
    errors,
    unchanged: false,
    incomplete: listing.errors.length > 0,
    fingerprint: encodeFingerprint(fingerprint),
    refreshKeys: refreshKeysOf(fingerprint),
  };
}

async function dependenciesUnchanged(
  deps: readonly FingerprintPart[],
  reader: ContentReader,
  limits: ReadLocationLimits,
): Promise<boolean> {
  const current = await mapConcurrently(deps, limits.concurrency, ([key, tag]) =>
    reader.currentTag(targetOf(key), { maxBytes: limits.maxPlaceholderBytes, previousTag: tag }),
  );
  return current.every((tag, index) => tag === deps[index]?.[1]);
}

function missingResult(
  spec: LocationSpec,
  message: string,
  originLocation: string,
  context: ReadLocationContext,
): ReadLocationResult {
  const fingerprint: LocationFingerprint = {
    origin: originLocation,
    main: [[`${spec.type}:${spec.target}`, 'missing']],
    deps: [],
  };
  const encoded = encodeFingerprint(fingerprint);
  const required = spec.presence !== 'optional';
  const errors: ReadLocationError[] = required
    ? [
        {
          target: spec.target,
          message: `${message}. Create it, fix the target, or mark the location 'presence: optional'`,
        },
      ]
    : [];
  if (encoded === context.previousFingerprint) return unchangedResult(fingerprint, encoded);
  return {
    entities: [],
    errors,
    unchanged: false,
    incomplete: required,
    fingerprint: encoded,
    refreshKeys: refreshKeysOf(fingerprint),
  };
}

function unchangedResult(fingerprint: LocationFingerprint, encoded: string): ReadLocationResult {
  return {
    entities: [],
    errors: [],
    unchanged: true,
    incomplete: false,
    fingerprint: encoded,
    refreshKeys: refreshKeysOf(fingerprint),
  };
}

function refreshKeysOf(fingerprint: LocationFingerprint): string[] {
  const keys = [...fingerprint.main, ...fingerprint.deps].map(([key]) =>
    key.startsWith('search:') ? `url:${key.slice('search:'.length)}` : key,
  );
  return [...new Set(keys)];
}

function targetOf(key: string): ReadTarget {
  const colon = key.indexOf(':');
  return { type: key.slice(0, colon) === 'url' ? 'url' : 'file', target: key.slice(colon + 1) };
}
