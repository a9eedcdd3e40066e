import { findPlaceholders, type PlaceholderProblem, type PlaceholderSite } from '@greenroom/catalog-model';
import { NotFoundError } from '@greenroom/errors';
import type { ContentReader, ReadTarget } from './content-reader.js';
import { errorTag, type FingerprintPart } from './fingerprint.js';
import { fileRef, messageOf } from './location-source.js';
import { placeholderValue } from './placeholder-content.js';
import type { ReadLocationLimits } from './read-location-limits.js';
import { resolveRelativeTarget } from './relative-target.js';

type ReadOutcome = { content: Buffer } | { error: unknown };

/**
 * Replaces the `$text`, `$json` and `$yaml` placeholders of entities with the content of
 * the files they name, resolved relative to the file holding the entity. Each referenced
 * file is read once per location read, within the placeholder size limit, and recorded
 * (with its tag) so the caller can fingerprint it and use it as a refresh key.
 *
 * @example
 * const resolver = new PlaceholderResolver(reader, limits);
 * const problems = await resolver.resolve(entity, { type: 'file', target: '/srv/catalog/apis.yaml' });
 */
export class PlaceholderResolver {
  readonly #reader: ContentReader;
  readonly #limits: ReadLocationLimits;
  readonly #reads = new Map<string, Promise<ReadOutcome>>();
  readonly #tags = new Map<string, string>();

  constructor(reader: ContentReader, limits: ReadLocationLimits) {
    this.#reader = reader;
    this.#limits = limits;
  }

  /** Replaces the entity's placeholders in place; returns what went wrong (nothing on success). */
  async resolve(entity: Record<string, unknown>, file: ReadTarget): Promise<PlaceholderProblem[]> {
    const { sites, problems } = findPlaceholders(entity);
    if (problems.length > 0) return problems;
    for (const site of sites) {
      try {
        const value = await this.#value(site, file);
        (site.parent as Record<string | number, unknown>)[site.key] = value;
      } catch (error) {
        this.#reader.signal?.throwIfAborted();
        problems.push({ path: site.path, message: `$${site.kind} placeholder: ${messageOf(error)}` });
      }
    }
    return problems;
  }

  /** The files read so far and their tags, sorted by location ref. */
  parts(): FingerprintPart[] {
    return [...this.#tags].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async #value(site: PlaceholderSite, file: ReadTarget): Promise<unknown> {
    const reference = site.reference;
    if (typeof reference !== 'string') {
      throw new Error(
        `the value must be a path or URL string, not ${reference === null ? 'null' : typeof reference}`,
      );
    }
    const target = resolveRelativeTarget(file, reference);
    const outcome = await this.#read(target);
    const shown = reference === target.target ? `'${reference}'` : `'${reference}' (${target.target})`;
    if ('error' in outcome) throw new Error(`could not read ${shown}: ${messageOf(outcome.error)}`);
    try {
      return placeholderValue(site.kind, outcome.content, this.#limits);
    } catch (error) {
      throw new Error(`${shown}: ${messageOf(error)}`);
    }
  }

  #read(target: ReadTarget): Promise<ReadOutcome> {
    const key = fileRef(target);
    const known = this.#reads.get(key);
    if (known) return known;
    if (this.#reads.size >= this.#limits.maxPlaceholders) {
      return Promise.resolve({
        error: new Error(
          `the location references more than ${this.#limits.maxPlaceholders} files through placeholders; split it`,
        ),
      });
    }
    const read = this.#reader.read(target, { maxBytes: this.#limits.maxPlaceholderBytes }).then(
      ({ content, tag }): ReadOutcome => {
        this.#tags.set(key, tag);
        return { content: content ?? Buffer.alloc(0) };
      },
      (error: unknown): ReadOutcome => {
        this.#reader.signal?.throwIfAborted();
        this.#tags.set(key, error instanceof NotFoundError ? 'missing' : errorTag(messageOf(error)));
        return { error };
      },
    );
    this.#reads.set(key, read);
    return read;
  }
}
