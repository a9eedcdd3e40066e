import path from 'node:path';
import type { Config } from '@greenroom/backend-plugin-api';
import {
  type Entity,
  type LocationRef,
  parseLocationRef,
  stringifyEntityRef,
} from '@greenroom/catalog-model';
import { NotAllowedError } from '@greenroom/errors';
import picomatch from 'picomatch';
import { z } from 'zod';

/** The config key of the global entity rules. */
export const CATALOG_RULES_CONFIG_KEY = 'catalog.rules';

const allowEntrySchema = z.union([
  z.string().min(1).describe("An entity kind, e.g. 'Group' (case-insensitive)."),
  z
    .object({ kind: z.string().min(1), 'spec.type': z.string().min(1).optional() })
    .describe(
      "An entity kind, optionally only with this spec.type, e.g. { kind: 'Resource', 'spec.type': 'database' }.",
    ),
]);

/** One entry of the `rules` of a `catalog.locations` item: the kinds that location may bring in. */
export const catalogLocationRuleSchema = z.object({
  allow: z.array(allowEntrySchema).describe('Kinds of entity allowed.'),
});

/** One entry of `catalog.rules`: kinds allowed, optionally only from some origin locations. */
export const catalogRuleSchema = catalogLocationRuleSchema.extend({
  locations: z
    .array(
      z.object({
        type: z.string().min(1).describe("The origin location's type, e.g. 'url'."),
        exact: z.string().min(1).optional().describe("The origin location's exact target."),
        pattern: z.string().min(1).optional().describe("A glob the origin location's target must match."),
      }),
    )
    .optional()
    .describe('Only entities whose origin location matches one of these; default: any origin.'),
});

const locationsWithRulesSchema = z
  .array(
    z.looseObject({
      type: z.string(),
      target: z.string(),
      rules: z.array(catalogLocationRuleSchema).optional(),
    }),
  )
  .optional();

type AllowedKind = { kind: string; specType: string | undefined };
type Rule = { allow: AllowedKind[]; locations?: ((origin: LocationRef) => boolean)[] };

/** Which entities may come in through which registration: `(entity, originLocation) => allowed`. */
export type AllowedKindsRule = (entity: Entity, originLocation: string | LocationRef) => boolean;

/**
 * The `catalog.rules` check for entities read from locations (entities pushed by
 * providers are not subject to it). Without `catalog.rules`, only Component, API and
 * Location are allowed; the `rules` of a `catalog.locations` entry add kinds for entities
 * whose origin is that location. Relative file targets in config resolve against
 * `baseDirectory` (default: the working directory).
 *
 * @example
 * const isAllowed = createAllowedKindsRule(config);
 * if (!isAllowed(entity, 'file:/srv/catalog/all.yaml')) throw notAllowedByRulesError(entity, 'file:/srv/catalog/all.yaml');
 */
export function createAllowedKindsRule(
  config: Config,
  options: { baseDirectory?: string } = {},
): AllowedKindsRule {
  const baseDirectory = options.baseDirectory ?? process.cwd();
  const resolveTarget = (type: string, target: string) =>
    type === 'file' ? path.resolve(baseDirectory, target) : target;
  const global = config.read(CATALOG_RULES_CONFIG_KEY, z.array(catalogRuleSchema).optional());
  const rules: Rule[] = (global ?? [{ allow: ['Component', 'API', 'Location'] }]).map((rule) => ({
    allow: rule.allow.map(toAllowedKind),
    ...(rule.locations
      ? {
          locations: rule.locations.map((location) => {
            const matches = location.pattern ? picomatch(location.pattern) : undefined;
            const exact =
              location.exact === undefined ? undefined : resolveTarget(location.type, location.exact);
            return (origin: LocationRef) =>
              origin.type === location.type &&
              (exact === undefined || origin.target === exact) &&
              (matches === undefined || matches(origin.target));
          }),
        }
      : {}),
  }));
  for (const location of config.read('catalog.locations', locationsWithRulesSchema) ?? []) {
    const target = resolveTarget(location.type, location.target);
    for (const rule of location.rules ?? []) {
      rules.push({
        allow: rule.allow.map(toAllowedKind),
        locations: [(origin) => origin.type === location.type && origin.target === target],
      });
    }
  }
  return (entity, originLocation) => {
    const origin = typeof originLocation === 'string' ? parseLocationRef(originLocation) : originLocation;
    const kind = String(entity.kind).toLowerCase();
    const specType = entity.spec?.type;
    return rules.some(
      (rule) =>
        (rule.locations === undefined || rule.locations.some((matches) => matches(origin))) &&
        rule.allow.some(
          (allowed) =>
            allowed.kind === kind && (allowed.specType === undefined || allowed.specType === specType),
        ),
    );
  };
}

/**
 * The error for an entity the rules refuse, naming the config that would allow it.
 *
 * @example
 * notAllowedByRulesError(group, 'file:/srv/catalog/all.yaml').message;
 * // "Entity group:default/team-a of kind Group is not allowed from location file:/srv/catalog/all.yaml; …"
 */
export function notAllowedByRulesError(
  entity: Entity,
  originLocation: string | LocationRef,
): NotAllowedError {
  const origin =
    typeof originLocation === 'string' ? originLocation : `${originLocation.type}:${originLocation.target}`;
  let ref: string;
  try {
    ref = stringifyEntityRef(entity);
  } catch {
    ref = String(entity.metadata?.name);
  }
  return new NotAllowedError(
    `Entity ${ref} of kind ${entity.kind} is not allowed from location ${origin}; allow the kind in ${CATALOG_RULES_CONFIG_KEY}, or in the rules of that location's entry in catalog.locations (e.g. rules: [{ allow: [${entity.kind}] }])`,
  );
}

function toAllowedKind(entry: z.output<typeof allowEntrySchema>): AllowedKind {
  return typeof entry === 'string'
    ? { kind: entry.toLowerCase(), specType: undefined }
    : { kind: entry.kind.toLowerCase(), specType: entry['spec.type'] };
}
