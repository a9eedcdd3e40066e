// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${{ }} is scaffolder template syntax, not a mistaken template
import { describe, expect, it } from 'vitest';
import { compileModel } from '../model/catalog-model.js';
import { builtinModelFragment } from './builtin-fragment.js';

const model = compileModel([builtinModelFragment]);

function entity(
  kind: string,
  spec: Record<string, unknown> | undefined,
  apiVersion = 'backstage.io/v1alpha1',
) {
  return { apiVersion, kind, metadata: { name: 'example' }, ...(spec === undefined ? {} : { spec }) };
}

const template = {
  type: 'service',
  owner: 'team-a',
  parameters: [{ title: 'Name', required: ['name'], properties: { name: { type: 'string' } } }],
  steps: [
    { id: 'fetch', name: 'Fetch', action: 'fetch:template', input: { url: './skeleton' } },
    {
      action: 'publish:github',
      if: '${{ parameters.publish }}',
      'backstage:permissions': { tags: ['publish'] },
    },
  ],
  output: {
    links: [{ title: 'Repository', url: '${{ steps.publish.output.remoteUrl }}' }],
    text: [{ content: 'Done' }],
    extra: 'templated',
  },
};

/** For each kind: a valid spec, and invalid specs with the path of the issue they cause. */
const kinds: [
  string,
  string,
  Record<string, unknown>,
  [Record<string, unknown> | undefined, (string | number)[]][],
][] = [
  [
    'Component',
    'backstage.io/v1alpha1',
    {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-a',
      system: 'shop',
      subcomponentOf: 'checkout-parent',
      providesApis: ['orders'],
      consumesApis: ['api:payments/cards'],
      dependsOn: ['resource:orders-db'],
      dependencyOf: 'component:storefront',
    },
    [
      [undefined, ['spec']],
      [{ lifecycle: 'production', owner: 'a' }, ['spec', 'type']],
      [{ type: 'service', owner: 'a' }, ['spec', 'lifecycle']],
      [{ type: 'service', lifecycle: 'production' }, ['spec', 'owner']],
      [{ type: '', lifecycle: 'production', owner: 'a' }, ['spec', 'type']],
      [
        { type: 'service', lifecycle: 'production', owner: 'a', providesApis: 'orders' },
        ['spec', 'providesApis'],
      ],
      [
        { type: 'service', lifecycle: 'production', owner: 'a', dependsOn: ['orders-db'] },
        ['spec', 'dependsOn', 0],
      ],
    ],
  ],
  [
    'API',
    'backstage.io/v1beta1',
    {
      type: 'openapi',
      lifecycle: 'production',
      owner: 'team-a',
      definition: 'openapi: 3.0.0',
      system: 'shop',
    },
    [
      [{ type: 'openapi', lifecycle: 'production', owner: 'team-a' }, ['spec', 'definition']],
      [{ type: 'openapi', lifecycle: 'production', owner: 'team-a', definition: 5 }, ['spec', 'definition']],
    ],
  ],
  [
    'Resource',
    'backstage.io/v1alpha1',
    {
      type: 'database',
      owner: 'team-a',
      system: 'shop',
      dependsOn: ['resource:disk'],
      dependencyOf: ['component:x'],
    },
    [
      [{ owner: 'team-a' }, ['spec', 'type']],
      [{ type: 'database' }, ['spec', 'owner']],
    ],
  ],
  [
    'System',
    'backstage.io/v1alpha1',
    { owner: 'team-a', domain: 'commerce', type: 'product' },
    [
      [{ domain: 'commerce' }, ['spec', 'owner']],
      [{ owner: 'team-a', domain: '' }, ['spec', 'domain']],
    ],
  ],
  [
    'Domain',
    'backstage.io/v1alpha1',
    { owner: 'team-a', subdomainOf: 'business', type: 'area' },
    [[{ subdomainOf: 'business' }, ['spec', 'owner']]],
  ],
  [
    'Group',
    'backstage.io/v1alpha1',
    {
      type: 'team',
      children: [],
      parent: 'engineering',
      members: ['jane'],
      profile: { displayName: 'Team A', email: 'team-a@example.com', picture: 'https://x/y.png' },
    },
    [
      [{ type: 'team' }, ['spec', 'children']],
      [{ children: [] }, ['spec', 'type']],
      [{ type: 'team', children: [], profile: { email: '' } }, ['spec', 'profile', 'email']],
    ],
  ],
  [
    'User',
    'backstage.io/v1alpha1',
    { memberOf: [], profile: { displayName: 'Jane Doe', pronouns: 'she/her' } },
    [
      [{}, ['spec', 'memberOf']],
      [{ memberOf: 'team-a' }, ['spec', 'memberOf']],
    ],
  ],
  [
    'Location',
    'backstage.io/v1alpha1',
    { type: 'url', targets: ['./a.yaml', 'https://x/b.yaml'], presence: 'optional' },
    [
      [{ presence: 'sometimes' }, ['spec', 'presence']],
      [{ targets: './a.yaml' }, ['spec', 'targets']],
    ],
  ],
  [
    'Template',
    'scaffolder.backstage.io/v1beta3',
    template,
    [
      [{ type: 'service' }, ['spec', 'steps']],
      [{ steps: [] }, ['spec', 'type']],
      [{ type: 'service', steps: [{ id: 'x' }] }, ['spec', 'steps', 0, 'action']],
      [{ type: 'service', steps: [{ action: 'a', if: 3 }] }, ['spec', 'steps', 0, 'if']],
      [{ type: 'service', steps: [], parameters: 'name' }, ['spec', 'parameters']],
      [{ type: 'service', steps: [], output: { extra: 5 } }, ['spec', 'output', 'extra']],
    ],
  ],
];

describe('the built-in model', () => {
  describe.each(kinds)('%s', (kind, apiVersion, validSpec, invalidSpecs) => {
    it('accepts a complete valid entity', () => {
      expect(model.validateEntity(entity(kind, validSpec, apiVersion))).toEqual([]);
    });

    it('accepts spec keys its schema does not name, as Backstage does', () => {
      expect(
        model.validateEntity(entity(kind, { ...validSpec, customField: { any: 'thing' } }, apiVersion)),
      ).toEqual([]);
    });

    it.each(invalidSpecs)('rejects spec %j at the offending path', (spec, path) => {
      const issues = model.validateEntity(entity(kind, spec, apiVersion));
      expect(issues.map((issue) => issue.path)).toContainEqual(path);
    });
  });

  it('accepts both backstage.io apiVersions for every catalog kind and only v1beta3 for Template', () => {
    for (const kind of ['Component', 'API', 'Resource', 'System', 'Domain', 'Group', 'User', 'Location']) {
      const versions = model.introspect().kinds.find((declared) => declared.kind === kind)?.apiVersions;
      expect(versions).toEqual(['backstage.io/v1alpha1', 'backstage.io/v1beta1']);
    }
    const issues = model.validateEntity(entity('Template', template, 'scaffolder.backstage.io/v1beta2'));
    expect(issues[0]!.message).toBe(
      "Kind 'Template' has no apiVersion 'scaffolder.backstage.io/v1beta2' installed; use one of: scaffolder.backstage.io/v1beta3",
    );
  });

  it('says a required field is required', () => {
    expect(model.validateEntity(entity('User', {}))).toEqual([
      { path: ['spec', 'memberOf'], message: '"spec.memberOf" is required' },
    ]);
  });

  it('declares every relation pair and the well-known annotations', () => {
    const description = model.introspect();
    expect(description.relations.map((relation) => `${relation.type}/${relation.reverse}`)).toEqual([
      'ownedBy/ownerOf',
      'providesApi/apiProvidedBy',
      'consumesApi/apiConsumedBy',
      'dependsOn/dependencyOf',
      'parentOf/childOf',
      'memberOf/hasMember',
      'partOf/hasPart',
    ]);
    expect(description.annotations.map((annotation) => annotation.key)).toEqual(
      expect.arrayContaining([
        'backstage.io/managed-by-location',
        'backstage.io/techdocs-ref',
        'github.com/project-slug',
      ]),
    );
    expect(description.kinds.every((kind) => kind.source === 'greenroom:builtin')).toBe(true);
  });
});
