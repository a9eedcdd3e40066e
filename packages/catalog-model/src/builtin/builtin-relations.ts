import type { RelationDeclaration, RelationFieldDeclaration } from '../model/model-fragment.js';

/** The relation pairs of the built-in model. */
export const builtinRelations: RelationDeclaration[] = [
  {
    type: 'ownedBy',
    reverse: 'ownerOf',
    description: 'Owned by a group or user',
    reverseDescription: 'Owns the entity',
  },
  {
    type: 'providesApi',
    reverse: 'apiProvidedBy',
    description: 'Serves the API',
    reverseDescription: 'Served by the component',
  },
  {
    type: 'consumesApi',
    reverse: 'apiConsumedBy',
    description: 'Uses the API',
    reverseDescription: 'Used by the component',
  },
  {
    type: 'dependsOn',
    reverse: 'dependencyOf',
    description: 'Needs the target to work',
    reverseDescription: 'Needed by the source',
  },
  {
    type: 'parentOf',
    reverse: 'childOf',
    description: 'Group directly above the target',
    reverseDescription: 'Group directly below the target',
  },
  {
    type: 'memberOf',
    reverse: 'hasMember',
    description: 'User belongs to the group',
    reverseDescription: 'Group has the user',
  },
  {
    type: 'partOf',
    reverse: 'hasPart',
    description: 'Part of a larger entity',
    reverseDescription: 'Contains the target',
  },
];

const ownerField = (kind: string): RelationFieldDeclaration => ({
  kind,
  path: 'spec.owner',
  relation: 'ownedBy',
  defaultKind: 'Group',
  targetKinds: ['Group', 'User'],
});
const systemField = (kind: string): RelationFieldDeclaration => ({
  kind,
  path: 'spec.system',
  relation: 'partOf',
  defaultKind: 'System',
  targetKinds: ['System'],
});
const dependencyFields = (kind: string): RelationFieldDeclaration[] => [
  { kind, path: 'spec.dependsOn', relation: 'dependsOn', targetKinds: ['Component', 'Resource'] },
  { kind, path: 'spec.dependencyOf', relation: 'dependencyOf', targetKinds: ['Component', 'Resource'] },
];

/** Which built-in spec fields imply which relations. */
export const builtinRelationFields: RelationFieldDeclaration[] = [
  ...['Component', 'API', 'Resource', 'System', 'Domain', 'Template'].map(ownerField),
  {
    kind: 'Component',
    path: 'spec.subcomponentOf',
    relation: 'partOf',
    defaultKind: 'Component',
    targetKinds: ['Component'],
  },
  ...['Component', 'API', 'Resource'].map(systemField),
  { kind: 'System', path: 'spec.domain', relation: 'partOf', defaultKind: 'Domain', targetKinds: ['Domain'] },
  {
    kind: 'Domain',
    path: 'spec.subdomainOf',
    relation: 'partOf',
    defaultKind: 'Domain',
    targetKinds: ['Domain'],
  },
  {
    kind: 'Component',
    path: 'spec.providesApis',
    relation: 'providesApi',
    defaultKind: 'API',
    targetKinds: ['API'],
  },
  {
    kind: 'Component',
    path: 'spec.consumesApis',
    relation: 'consumesApi',
    defaultKind: 'API',
    targetKinds: ['API'],
  },
  ...dependencyFields('Component'),
  ...dependencyFields('Resource'),
  { kind: 'User', path: 'spec.memberOf', relation: 'memberOf', defaultKind: 'Group', targetKinds: ['Group'] },
  { kind: 'Group', path: 'spec.parent', relation: 'childOf', defaultKind: 'Group', targetKinds: ['Group'] },
  {
    kind: 'Group',
    path: 'spec.children',
    relation: 'parentOf',
    defaultKind: 'Group',
    targetKinds: ['Group'],
  },
  { kind: 'Group', path: 'spec.members', relation: 'hasMember', defaultKind: 'User', targetKinds: ['User'] },
];
