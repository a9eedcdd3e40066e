import { InputError } from '@greenroom/errors';

/**
 * Where entities come from: a location type (`url`, `file`, a provider's own) and a target
 * whose meaning depends on the type.
 *
 * @example
 * const location: LocationRef = { type: 'url', target: 'https://github.com/acme/shop/blob/main/catalog-info.yaml' };
 */
export interface LocationRef {
  type: string;
  target: string;
}

/**
 * Parses a location ref `<type>:<target>`, split at the first colon, both parts trimmed.
 * A bare URL is rejected with a hint to prefix it with `url:`, and so is a target using the
 * `javascript:` scheme.
 *
 * @example
 * parseLocationRef('url:https://github.com/acme/shop/blob/main/catalog-info.yaml');
 * // { type: 'url', target: 'https://github.com/acme/shop/blob/main/catalog-info.yaml' }
 */
export function parseLocationRef(ref: string): LocationRef {
  if (typeof ref !== 'string') {
    throw new InputError(`A location ref must be a string like "url:https://…", not a ${typeof ref}`);
  }
  const colon = ref.indexOf(':');
  if (colon === -1) {
    throw new InputError(
      `Location ref "${ref}" is not of the form <type>:<target>, e.g. "url:https://github.com/acme/shop/blob/main/catalog-info.yaml"`,
    );
  }
  const type = ref.slice(0, colon).trim();
  const target = ref.slice(colon + 1).trim();
  if (type === 'http' || type === 'https') {
    throw new InputError(`Location ref "${ref}" is a bare URL; prefix it with url:, e.g. "url:${ref}"`);
  }
  checkParts(ref, type, target);
  return { type, target };
}

/**
 * The string form `<type>:<target>` of a location ref. Refuses empty parts and
 * `javascript:` targets.
 *
 * @example
 * stringifyLocationRef({ type: 'file', target: '/srv/catalog/all.yaml' }); // 'file:/srv/catalog/all.yaml'
 */
export function stringifyLocationRef(ref: LocationRef): string {
  const shown = `${ref.type}:${ref.target}`;
  checkParts(shown, ref.type, ref.target);
  if (ref.type.includes(':')) {
    throw new InputError(
      `Location ref "${shown}" has a type containing ":"; the type must not contain a colon`,
    );
  }
  return shown;
}

function checkParts(ref: string, type: string, target: string): void {
  if (typeof type !== 'string' || type === '') {
    throw new InputError(
      `Location ref "${ref}" has an empty type; write it as <type>:<target>, e.g. "url:https://…"`,
    );
  }
  if (typeof target !== 'string' || target === '') {
    throw new InputError(`Location ref "${ref}" has an empty target; write it as <type>:<target>`);
  }
  if (isJavascriptUrl(target)) {
    throw new InputError(`Location ref "${ref}" has a javascript: target, which is not allowed`);
  }
}

/**
 * Whether a URL uses the `javascript:` scheme the way a browser would read it: case does
 * not matter and tabs, newlines and leading control characters or spaces are ignored.
 *
 * @example
 * isJavascriptUrl(' JavaScript:alert(1)'); // true
 * isJavascriptUrl('https://example.com'); // false
 */
export function isJavascriptUrl(url: string): boolean {
  // Browsers strip leading C0 controls and spaces and drop tabs/newlines anywhere.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  const cleaned = url.replace(/^[\u0000-\u0020]+/, '').replace(/[\t\n\r]/g, '');
  return /^javascript:/i.test(cleaned);
}
