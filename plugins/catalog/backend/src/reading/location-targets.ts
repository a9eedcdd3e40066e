import path from 'node:path';
import type { Entity, LocationRef } from '@greenroom/catalog-model';
import { InputError } from '@greenroom/errors';
import { z } from 'zod';
import type { ReadTarget } from './content-reader.js';
import type { LocationSpec } from './location-spec.js';
import { resolveRelativeTarget } from './relative-target.js';

const locationEntitySpecSchema = z.object({
  type: z.string().min(1).optional(),
  target: z.string().min(1).optional(),
  targets: z.array(z.string().min(1)).optional(),
  presence: z.enum(['required', 'optional']).optional(),
});

/**
 * The locations a `Location` entity points at: `spec.target` and `spec.targets`, relative
 * ones resolved against the file the entity was read from (`base`: its URL, or its path
 * for `file`), `type` defaulting to the base's, `presence` from `spec.presence`. A Location
 * read from a URL may not point at local files, and `file` targets ending with a path
 * separator are refused. Throws an `InputError` naming the problem.
 *
 * @example
 * resolveLocationTargets(allYaml, { type: 'file', target: '/srv/catalog/all.yaml' });
 * // [{ type: 'file', target: '/srv/catalog/org.yaml', presence: 'required' }, …]
 */
export function resolveLocationTargets(locationEntity: Entity, base: LocationRef): LocationSpec[] {
  const name = `Location '${locationEntity.metadata?.name}'`;
  if (locationEntity.kind?.toLowerCase() !== 'location') {
    throw new InputError(`Expected a Location entity, but got kind '${locationEntity.kind}'`);
  }
  const parsed = locationEntitySpecSchema.safeParse(locationEntity.spec ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`${name} has an invalid spec.${issue?.path.join('.')}: ${issue?.message}`);
  }
  const spec = parsed.data;
  const type = spec.type ?? base.type;
  if (type !== 'url' && type !== 'file') {
    throw new InputError(`${name} has spec.type '${type}'; only 'url' and 'file' locations can be read`);
  }
  if (base.type !== 'url' && base.type !== 'file') {
    throw new InputError(`${name} was read from a '${base.type}' location, which cannot resolve targets`);
  }
  const from: ReadTarget = { type: base.type, target: base.target };
  const presence = spec.presence ?? 'required';
  const raw = [...(spec.target ? [spec.target] : []), ...(spec.targets ?? [])];
  const resolved = raw.map((target) => resolveTarget(name, type, target, from));
  return [...new Set(resolved)].map((target) => ({ type, target, presence }));
}

function resolveTarget(name: string, type: 'url' | 'file', target: string, base: ReadTarget): string {
  const problem = (message: string) => new InputError(`${name} has target '${target}', which ${message}`);
  if (type === 'url') {
    if (base.type === 'file' && !/^https?:\/\//i.test(target)) {
      throw problem(
        'is not an absolute http(s) URL; a url target of a Location read from a file must be absolute',
      );
    }
    try {
      return resolveRelativeTarget(base, target).target;
    } catch (error) {
      throw problem(`cannot be resolved: ${(error as Error).message}`);
    }
  }
  if (base.type === 'url') {
    throw problem('is a local file; a Location read from a URL cannot point at files on the backend');
  }
  if (/[\\/]$/.test(target)) {
    throw problem(
      "ends with a path separator; name a file, or match files with a glob such as 'dir/**/catalog-info.yaml'",
    );
  }
  if (/^[a-z][a-z0-9+.-]+:/i.test(target)) throw problem('is a URL; give a path for a file target');
  return path.resolve(path.dirname(base.target), target);
}
