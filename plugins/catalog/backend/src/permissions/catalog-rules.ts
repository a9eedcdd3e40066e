import type { PermissionRule } from '@greenroom/backend-plugin-api';
import type { Entity } from '@greenroom/catalog-model';
import { CATALOG_ENTITY_RESOURCE_TYPE } from '@greenroom/plugin-catalog-common';
import { z } from 'zod';
import { type EntityFilter, MATCH_NONE } from '../api/query/entity-filter.js';
import { matchesEntity } from '../api/query/match-entity.js';

/** A permission rule about catalog entities, answered by the `search` table or in memory. */
export type CatalogPermissionRule<TParams extends Record<string, unknown>> = PermissionRule<
  Entity,
  EntityFilter,
  typeof CATALOG_ENTITY_RESOURCE_TYPE,
  TParams
>;

/**
 * Defines a catalog rule from its filter alone: the in-memory check evaluates the same
 * filter on the entity, so a list query and a single-entity check always agree.
 */
function createCatalogRule<TParams extends Record<string, unknown>>(options: {
  name: string;
  description: string;
  paramsSchema: z.ZodType<TParams>;
  toFilter(params: TParams): EntityFilter;
}): CatalogPermissionRule<TParams> {
  return {
    name: options.name,
    description: options.description,
    resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
    paramsSchema: options.paramsSchema,
    apply: (entity, params) => matchesEntity(options.toFilter(params), entity),
    toQuery: (params) => options.toFilter(params),
  };
}

const keyPart = z.string().min(1).max(200);

function fieldFilter(key: string, value: string | undefined): EntityFilter {
  return value === undefined
    ? { key: key.toLowerCase(), matches: { op: 'exists' } }
    : { key: key.toLowerCase(), matches: { op: 'eq', values: [value.toLowerCase()] } };
}

/** `IS_ENTITY_KIND { kinds }`: the entity is of one of the kinds (case-insensitive). */
export const isEntityKind = createCatalogRule({
  name: 'IS_ENTITY_KIND',
  description: 'Allow entities of the given kinds',
  paramsSchema: z.object({ kinds: z.array(keyPart).describe('Kinds, e.g. ["Component", "API"]') }),
  toFilter: ({ kinds }) =>
    kinds.length === 0
      ? MATCH_NONE
      : { key: 'kind', matches: { op: 'eq', values: kinds.map((k) => k.toLowerCase()) } },
});

/** `IS_ENTITY_OWNER { claims }`: the entity is owned (`ownedBy`) by one of the claims. */
export const isEntityOwner = createCatalogRule({
  name: 'IS_ENTITY_OWNER',
  description: 'Allow entities owned by one of the given entity refs (the caller ownership refs, usually)',
  paramsSchema: z.object({
    claims: z.array(z.string().min(1).max(1000)).describe('Owner entity refs, e.g. ["group:default/team-a"]'),
  }),
  toFilter: ({ claims }) =>
    claims.length === 0
      ? MATCH_NONE
      : { key: 'relations.ownedby', matches: { op: 'eq', values: claims.map((c) => c.toLowerCase()) } },
});

/** `HAS_ANNOTATION { annotation, value? }`: the annotation is set (to `value`, when given). */
export const hasAnnotation = createCatalogRule({
  name: 'HAS_ANNOTATION',
  description: 'Allow entities with the annotation, optionally with the given value',
  paramsSchema: z.object({ annotation: keyPart, value: z.string().max(200).optional() }),
  toFilter: ({ annotation, value }) => fieldFilter(`metadata.annotations.${annotation}`, value),
});

/** `HAS_LABEL { label, value? }`: the label is set (to `value`, when given). */
export const hasLabel = createCatalogRule({
  name: 'HAS_LABEL',
  description: 'Allow entities with the label, optionally with the given value',
  paramsSchema: z.object({ label: keyPart, value: z.string().max(200).optional() }),
  toFilter: ({ label, value }) => fieldFilter(`metadata.labels.${label}`, value),
});

/** `HAS_METADATA { key, value? }`: `metadata.<key>` is set (to `value`, when given). */
export const hasMetadata = createCatalogRule({
  name: 'HAS_METADATA',
  description: 'Allow entities with the metadata key, optionally with the given value',
  paramsSchema: z.object({ key: keyPart, value: z.string().max(200).optional() }),
  toFilter: ({ key, value }) => fieldFilter(`metadata.${key}`, value),
});

/** `HAS_SPEC { key, value? }`: `spec.<key>` is set (to `value`, when given). */
export const hasSpec = createCatalogRule({
  name: 'HAS_SPEC',
  description: 'Allow entities with the spec key, optionally with the given value',
  paramsSchema: z.object({ key: keyPart, value: z.string().max(200).optional() }),
  toFilter: ({ key, value }) => fieldFilter(`spec.${key}`, value),
});

/** Every rule the catalog offers to permission policies. */
export const catalogPermissionRules = [
  isEntityKind,
  isEntityOwner,
  hasAnnotation,
  hasLabel,
  hasMetadata,
  hasSpec,
];
