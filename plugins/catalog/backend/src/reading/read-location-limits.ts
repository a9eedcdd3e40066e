import { InputError } from '@greenroom/errors';
import { z } from 'zod';

const MIB = 1024 * 1024;

const count = (max: number) => z.number().int().positive().max(max);

/**
 * Bounds on what one `readLocation` call may read. Every field is optional; defaults
 * are in {@link DEFAULT_READ_LOCATION_LIMITS}.
 *
 * @example
 * readLocation(location, { ...context, limits: { maxFileBytes: 1024 * 1024 } });
 */
export const readLocationLimitsSchema = z.object({
  /** Larger entity files are refused before they are read. */
  maxFileBytes: count(1024 * MIB).default(5 * MIB),
  /** A glob (or URL search) matching more files is refused as a whole. */
  maxFiles: count(1_000_000).default(5_000),
  /** Alias references one YAML document (or `$yaml` file) may expand. */
  maxAliases: count(100_000).default(100),
  /** How deeply lists and mappings may nest in a document or a `$json`/`$yaml` file. */
  maxDepth: count(1_000).default(64),
  /** Larger files referenced by `$text`/`$json`/`$yaml` are refused. */
  maxPlaceholderBytes: count(1024 * MIB).default(5 * MIB),
  /** Distinct files one location may reference through placeholders. */
  maxPlaceholders: count(1_000_000).default(1_000),
  /** Files and placeholder targets read at the same time. */
  concurrency: count(256).default(8),
});

/** Limits as given by a caller. */
export type ReadLocationLimitsInput = z.input<typeof readLocationLimitsSchema>;
/** Limits with every default applied. */
export type ReadLocationLimits = z.output<typeof readLocationLimitsSchema>;

/** The limits used when a caller gives none. */
export const DEFAULT_READ_LOCATION_LIMITS: Readonly<ReadLocationLimits> = Object.freeze(
  readLocationLimitsSchema.parse({}),
);

/**
 * Applies the defaults to a caller's limits; throws an `InputError` naming a bad one.
 *
 * @example
 * resolveReadLocationLimits({ maxFiles: 100 }).maxFileBytes; // 5242880
 */
export function resolveReadLocationLimits(limits: ReadLocationLimitsInput | undefined): ReadLocationLimits {
  if (limits === undefined) return DEFAULT_READ_LOCATION_LIMITS;
  const result = readLocationLimitsSchema.safeParse(limits);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InputError(`Invalid read limit '${issue?.path.join('.')}': ${issue?.message}`);
}
