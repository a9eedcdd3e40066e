/**
 * The format rules Backstage applies to entity fields (its Kubernetes-style validators), each
 * a pure test plus the expectation quoted in error messages.
 *
 * @example
 * fieldRules.entityName.test('checkout-service'); // true
 * fieldRules.tag.test('Java'); // false: tags are lowercase
 */
export interface FieldRule {
  /** What a valid value looks like, as quoted after "expected" in messages. */
  readonly expectation: string;
  readonly test: (value: unknown) => boolean;
}

const OBJECT_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_LABEL = /^[a-z0-9]+(?:-+[a-z0-9]+)*$/;
const KIND = /^[a-zA-Z][a-z0-9A-Z]*$/;
const VERSION_SUFFIX = /^[a-z0-9A-Z]+$/;
const TAG = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;

const DNS_SUBDOMAIN_SOURCE = '[a-z0-9]+(?:-+[a-z0-9]+)*(?:\\.[a-z0-9]+(?:-+[a-z0-9]+)*)*';
const OBJECT_NAME_SOURCE = '(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';

/**
 * The rules as JSON Schema `pattern`s, for editor schemas. Length limits are separate
 * (`maxLength`), and the per-part limits of keys cannot be expressed as a pattern.
 */
export const FIELD_PATTERNS = {
  entityName: OBJECT_NAME.source,
  namespace: DNS_LABEL.source,
  kind: KIND.source,
  tag: TAG.source,
  metadataKey: `^(?:${DNS_SUBDOMAIN_SOURCE}/)?${OBJECT_NAME_SOURCE}$`,
  labelValue: `^(?:${OBJECT_NAME_SOURCE})?$`,
} as const;

function isObjectName(value: unknown): boolean {
  return typeof value === 'string' && value.length <= 63 && OBJECT_NAME.test(value);
}

function isDnsLabel(value: string, start = 0, end = value.length): boolean {
  const length = end - start;
  if (length < 1 || length > 63) return false;
  return DNS_LABEL.test(start === 0 && end === value.length ? value : value.slice(start, end));
}

/** A DNS subdomain: at most 253 characters of DNS labels joined by dots. */
function isDnsSubdomain(value: string): boolean {
  if (value.length < 1 || value.length > 253) return false;
  let start = 0;
  for (;;) {
    const dot = value.indexOf('.', start);
    const end = dot === -1 ? value.length : dot;
    if (!isDnsLabel(value, start, end)) return false;
    if (dot === -1) return true;
    start = dot + 1;
  }
}

/** `<suffix>` or `<prefix>/<suffix>`: at most one slash, prefix a DNS subdomain. */
function isPrefixedName(value: unknown, isValidSuffix: (suffix: string) => boolean): boolean {
  if (typeof value !== 'string') return false;
  const slash = value.indexOf('/');
  if (slash === -1) return isValidSuffix(value);
  if (value.indexOf('/', slash + 1) !== -1) return false;
  return isDnsSubdomain(value.slice(0, slash)) && isValidSuffix(value.slice(slash + 1));
}

const NAME_SHAPE = 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
const PREFIX_SHAPE = 'a lowercase DNS name of at most 253 characters such as "backstage.io"';

/**
 * Every field rule of the entity format, named like Backstage's validators without `isValid`.
 *
 * @example
 * fieldRules.namespace.test('Payments'); // false: namespaces are lowercase
 * invalidFieldMessage('metadata.namespace', fieldRules.namespace.expectation, 'Payments');
 */
export const fieldRules = {
  /** `apiVersion`: `backstage.io/v1alpha1`, `v1`. */
  apiVersion: {
    expectation: `"<version>" or "<prefix>/<version>", where the prefix is ${PREFIX_SHAPE} and the version 1–63 letters and digits, e.g. "backstage.io/v1alpha1"`,
    test: (value) => isPrefixedName(value, (suffix) => suffix.length <= 63 && VERSION_SUFFIX.test(suffix)),
  },
  /** `kind`: `Component`, `API`. */
  kind: {
    expectation: 'a string of 1–63 letters and digits, starting with a letter',
    test: (value) => typeof value === 'string' && value.length <= 63 && KIND.test(value),
  },
  /** `metadata.name`, and the name part of label and annotation keys. */
  entityName: {
    expectation: `a string of 1–63 characters: ${NAME_SHAPE}`,
    test: isObjectName,
  },
  /** `metadata.namespace`: a lowercase DNS label. */
  namespace: {
    expectation:
      'a string of 1–63 lowercase letters, digits and "-", starting and ending with a letter or digit',
    test: (value) => typeof value === 'string' && isDnsLabel(value),
  },
  /** Keys of `metadata.labels`: `app`, `example.com/tier`. */
  labelKey: {
    expectation: `"<name>" or "<prefix>/<name>", where the prefix is ${PREFIX_SHAPE} and the name 1–63 characters: ${NAME_SHAPE}`,
    test: (value) => isPrefixedName(value, isObjectName),
  },
  /** Values of `metadata.labels`: empty, or shaped like a name. */
  labelValue: {
    expectation: `an empty string or a string of 1–63 characters: ${NAME_SHAPE}`,
    test: (value) => value === '' || isObjectName(value),
  },
  /** Keys of `metadata.annotations`: same shape as label keys. */
  annotationKey: {
    expectation: `"<name>" or "<prefix>/<name>", where the prefix is ${PREFIX_SHAPE} and the name 1–63 characters: ${NAME_SHAPE}`,
    test: (value) => isPrefixedName(value, isObjectName),
  },
  /** Values of `metadata.annotations`: any string. */
  annotationValue: {
    expectation: 'a string',
    test: (value) => typeof value === 'string',
  },
  /** Each of `metadata.tags`: lowercase, `:`, `+` and `#` allowed, runs joined by single dashes. */
  tag: {
    expectation: 'a string of 1–63 lowercase letters, digits, ":", "+" and "#", in runs joined by single "-"',
    test: (value) => typeof value === 'string' && value.length <= 63 && TAG.test(value),
  },
  /** `metadata.links[].url`: anything the WHATWG URL parser accepts as an absolute URL. */
  url: {
    expectation: 'an absolute URL such as "https://example.com/dashboard"',
    test: (value) => typeof value === 'string' && URL.canParse(value),
  },
  /** `metadata.links[].title` and `.icon`: a string that is not blank. */
  nonBlankString: {
    expectation: 'a non-blank string',
    test: (value) => typeof value === 'string' && value.trim().length > 0,
  },
} satisfies Record<string, FieldRule>;

/** The name of a rule in {@link fieldRules}. */
export type FieldRuleName = keyof typeof fieldRules;
