import { defineModelFragment } from '../model/model-fragment.js';
import { builtinAnnotations } from './builtin-annotations.js';
import { builtinRelationFields, builtinRelations } from './builtin-relations.js';
import { organizationKinds } from './org-kinds.js';
import { softwareKinds } from './software-kinds.js';
import { templateKind } from './template-kind.js';

/**
 * The Backstage entity model as a fragment, declared the way a plugin declares its own:
 * the kinds Component, API, Resource, System, Domain, Group, User, Location and Template,
 * their relation pairs and relation fields, and the well-known annotations.
 *
 * @example
 * const model = compileModel([builtinModelFragment]);
 */
export const builtinModelFragment = defineModelFragment({
  source: 'greenroom:builtin',
  kinds: [...softwareKinds, ...organizationKinds, templateKind],
  relations: builtinRelations,
  relationFields: builtinRelationFields,
  annotations: builtinAnnotations,
});
