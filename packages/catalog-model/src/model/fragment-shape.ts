import { InputError } from '@greenroom/errors';
import { z } from 'zod';
import { fieldRules } from '../validation/field-rules.js';
import { formatJsonPath } from '../validation/issue.js';
import type { ModelFragment } from './model-fragment.js';
import { isZodSchema } from './schema-input.js';

const RELATION_TYPE = /^\w+$/;
const FIELD_PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)+$/;

const kindName = z.string().refine(fieldRules.kind.test, `expected ${fieldRules.kind.expectation}`);
const relationType = z.string().regex(RELATION_TYPE, 'expected a relation type of letters, digits and "_"');
const description = z.string().optional();
const schemaInput = z.custom<unknown>(
  (value) => isZodSchema(value) || (typeof value === 'object' && value !== null && !Array.isArray(value)),
  'expected a zod schema or a JSON Schema object',
);
const metadataKey = (rule: (value: unknown) => boolean, expectation: string) =>
  z.strictObject({
    key: z.string().refine(rule, `expected ${expectation}`),
    description,
    value: schemaInput.optional(),
  });

const fragmentSchema = z.strictObject({
  source: z.string().min(1, 'expected the name of who declares the fragment, e.g. "plugin:kubernetes"'),
  kinds: z
    .array(
      z.strictObject({
        kind: kindName,
        apiVersions: z
          .array(
            z.string().refine(fieldRules.apiVersion.test, `expected ${fieldRules.apiVersion.expectation}`),
          )
          .min(1),
        description,
        spec: schemaInput.optional(),
        specRequired: z.boolean().optional(),
      }),
    )
    .optional(),
  relations: z
    .array(
      z.strictObject({
        type: relationType,
        reverse: relationType,
        description,
        reverseDescription: description,
      }),
    )
    .optional(),
  relationFields: z
    .array(
      z.strictObject({
        kind: kindName,
        path: z
          .string()
          .regex(FIELD_PATH, 'expected a dotted path from the entity root such as "spec.owner"'),
        relation: relationType,
        defaultKind: kindName.optional(),
        defaultNamespace: z
          .string()
          .refine(
            (value) => value === 'inherit' || fieldRules.namespace.test(value),
            'expected "inherit" or a namespace',
          )
          .optional(),
        targetKinds: z.array(kindName).optional(),
        description,
      }),
    )
    .optional(),
  annotations: z
    .array(metadataKey(fieldRules.annotationKey.test, fieldRules.annotationKey.expectation))
    .optional(),
  labels: z.array(metadataKey(fieldRules.labelKey.test, fieldRules.labelKey.expectation)).optional(),
});

/**
 * Checks that a fragment is well formed; throws an `InputError` naming the source and each
 * bad entry.
 *
 * @example
 * checkFragmentShape({ source: 'plugin:x', kinds: [{ kind: 'bad kind', apiVersions: ['x/v1'] }] });
 * // throws: Model fragment "plugin:x" is not valid: kinds[0].kind: expected …
 */
export function checkFragmentShape(fragment: ModelFragment): void {
  const result = fragmentSchema.safeParse(fragment);
  if (result.success) return;
  const source =
    typeof fragment === 'object' && fragment !== null && typeof fragment.source === 'string'
      ? fragment.source
      : '<no source>';
  const problems = result.error.issues.map(
    (issue) =>
      `${formatJsonPath(issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)))}: ${issue.message}`,
  );
  throw new InputError(`Model fragment "${source}" is not valid: ${problems.join('; ')}`);
}
