import { z } from 'zod';
import type { KindDeclaration } from '../model/model-fragment.js';
import { entityRef, entityRefList, text } from './schema-parts.js';

/**
 * The apiVersions every built-in catalog kind accepts (Template has its own).
 *
 * @example
 * BUILTIN_API_VERSIONS.includes('backstage.io/v1beta1'); // true
 */
export const BUILTIN_API_VERSIONS = ['backstage.io/v1alpha1', 'backstage.io/v1beta1'] as const;

const owner = entityRef('The group or user that owns it; the kind defaults to Group.');
const system = entityRef('The system it belongs to; the kind defaults to System.');
const dependsOn = entityRefList('Components and resources it needs to work; each ref must name its kind.');
const dependencyOf = z
  .union([entityRef('An entity that depends on it; the ref must name its kind.'), z.array(z.string().min(1))])
  .describe('Entities that depend on it; each ref must name its kind.');

/** Component, API, Resource, System and Domain with the spec fields Backstage defines. */
export const softwareKinds: KindDeclaration[] = [
  {
    kind: 'Component',
    apiVersions: BUILTIN_API_VERSIONS,
    description: 'A piece of software: a service, website, library, pipeline and so on.',
    spec: z.object({
      type: text('What sort of component, e.g. service, website, library.'),
      lifecycle: text('Its life stage, e.g. experimental, production, deprecated.'),
      owner,
      system: system.optional(),
      subcomponentOf: entityRef('The component it is part of; the kind defaults to Component.').optional(),
      providesApis: entityRefList('APIs it serves; the kind defaults to API.').optional(),
      consumesApis: entityRefList('APIs it uses; the kind defaults to API.').optional(),
      dependsOn: dependsOn.optional(),
      dependencyOf: dependencyOf.optional(),
    }),
  },
  {
    kind: 'API',
    apiVersions: BUILTIN_API_VERSIONS,
    description: 'An interface a component offers: OpenAPI, AsyncAPI, GraphQL, gRPC and so on.',
    spec: z.object({
      type: text('The interface format, e.g. openapi, asyncapi, graphql, grpc, trpc.'),
      lifecycle: text('Its life stage, e.g. experimental, production, deprecated.'),
      owner,
      definition: text('The interface definition itself, often given as $text: ./openapi.yaml.'),
      system: system.optional(),
    }),
  },
  {
    kind: 'Resource',
    apiVersions: BUILTIN_API_VERSIONS,
    description: 'Infrastructure a component needs at runtime: a database, a bucket, a queue.',
    spec: z.object({
      type: text('What sort of resource, e.g. database, s3-bucket, cluster.'),
      owner,
      system: system.optional(),
      dependsOn: dependsOn.optional(),
      dependencyOf: dependencyOf.optional(),
    }),
  },
  {
    kind: 'System',
    apiVersions: BUILTIN_API_VERSIONS,
    description: 'A set of components, APIs and resources that together provide a capability.',
    spec: z.object({
      owner,
      domain: entityRef('The domain it belongs to; the kind defaults to Domain.').optional(),
      type: text('What sort of system.').optional(),
    }),
  },
  {
    kind: 'Domain',
    apiVersions: BUILTIN_API_VERSIONS,
    description: 'A business area grouping related systems.',
    spec: z.object({
      owner,
      subdomainOf: entityRef('The domain it is part of; the kind defaults to Domain.').optional(),
      type: text('What sort of domain.').optional(),
    }),
  },
];
