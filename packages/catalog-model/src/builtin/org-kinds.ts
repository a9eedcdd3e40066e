import { z } from 'zod';
import type { KindDeclaration } from '../model/model-fragment.js';
import { entityRef, entityRefList, profileSchema, text } from './schema-parts.js';
import { BUILTIN_API_VERSIONS } from './software-kinds.js';

/** Group, User and Location with the spec fields Backstage defines. */
export const organizationKinds: KindDeclaration[] = [
  {
    kind: 'Group',
    apiVersions: BUILTIN_API_VERSIONS,
    description: 'A team, department or other set of people.',
    spec: z.object({
      type: text('What sort of group, e.g. team, business-unit, product-area.'),
      profile: profileSchema.optional(),
      parent: entityRef('The group directly above it; the kind defaults to Group.').optional(),
      children: entityRefList('The groups directly below it; required, may be empty.'),
      members: entityRefList('Its users; the kind defaults to User.').optional(),
    }),
  },
  {
    kind: 'User',
    apiVersions: BUILTIN_API_VERSIONS,
    description: 'A person.',
    spec: z.object({
      profile: profileSchema.optional(),
      memberOf: entityRefList('The groups the user directly belongs to; required, may be empty.'),
    }),
  },
  {
    kind: 'Location',
    apiVersions: BUILTIN_API_VERSIONS,
    description: 'A pointer to more places to read entities from.',
    spec: z.object({
      type: text(
        'The location type of the targets, e.g. url; defaults to the type this file was read with.',
      ).optional(),
      target: text('One target: an absolute URL or path, or a path relative to this file.').optional(),
      targets: z.array(z.string().min(1)).describe('Several targets, as for target.').optional(),
      presence: z
        .enum(['required', 'optional'])
        .describe('Whether a missing target is an error (required, the default) or ignored (optional).')
        .optional(),
    }),
  },
];
