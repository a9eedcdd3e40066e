import path from 'node:path';
import { InputError } from '@greenroom/errors';
import type { ReadTarget } from './content-reader.js';

/**
 * Resolves a reference written in a file (a placeholder's value, a Location's target)
 * against that file: relative to the file's URL for URL files, relative to its directory
 * for local files. Absolute `http(s)` URLs are taken as they are; other schemes, such as
 * `file:` or `javascript:`, are refused, so a file read from a URL cannot name a local file.
 *
 * @example
 * resolveRelativeTarget({ type: 'url', target: 'https://example.com/a/catalog-info.yaml' }, './api.yaml');
 * // { type: 'url', target: 'https://example.com/a/api.yaml' }
 * resolveRelativeTarget({ type: 'file', target: '/srv/catalog/all.yaml' }, 'apis/orders.yaml');
 * // { type: 'file', target: '/srv/catalog/apis/orders.yaml' }
 */
export function resolveRelativeTarget(base: ReadTarget, reference: string): ReadTarget {
  if (reference.trim() === '') throw new InputError('the reference is empty; give a relative path or a URL');
  if (reference.includes('\0')) throw new InputError(`'${reference}' contains a NUL character`);
  if (/^https?:\/\//i.test(reference)) return { type: 'url', target: parseHttpUrl(reference).href };
  if (base.type === 'url') {
    return { type: 'url', target: parseHttpUrl(reference, base.target).href };
  }
  // Two or more letters before the colon: a URL scheme rather than a Windows drive.
  if (/^[a-z][a-z0-9+.-]+:/i.test(reference)) {
    throw new InputError(`'${reference}' is neither a path nor an http(s) URL`);
  }
  return { type: 'file', target: path.resolve(path.dirname(base.target), reference) };
}

function parseHttpUrl(reference: string, base?: string): URL {
  let url: URL;
  try {
    url = new URL(reference, base);
  } catch {
    throw new InputError(`'${reference}' is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`'${reference}' is not an http(s) URL; only http and https URLs can be read here`);
  }
  return url;
}
