import { InputError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { parseRolesYaml } from './parse-roles-yaml.js';
import { rolesFileJsonSchema } from './roles-schema.js';

describe('parseRolesYaml', () => {
  it('reads roles with members, matches and conditional decisions', () => {
    const roles = parseRolesYaml(
      `roles:
  - name: owners-delete
    members: ['*']
    permissions:
      - match: { name: catalog.entity.delete }
        decision: { conditional: { rule: IS_ENTITY_OWNER, params: { claims: $ownershipRefs } } }
`,
      'roles.yaml',
    );
    expect(roles).toEqual([
      {
        name: 'owners-delete',
        members: ['*'],
        permissions: [
          {
            match: { name: 'catalog.entity.delete' },
            decision: { conditional: { rule: 'IS_ENTITY_OWNER', params: { claims: '$ownershipRefs' } } },
          },
        ],
      },
    ]);
  });

  it('reports schema errors with file, line and column of the offending value', () => {
    const text = `roles:
  - name: admins
    members: [group:default/platform]
    permissions:
      - match: '*'
        decision: maybe
`;
    expect(() => parseRolesYaml(text, '/etc/roles.yaml')).toThrow(InputError);
    expect(() => parseRolesYaml(text, '/etc/roles.yaml')).toThrow(
      /\/etc\/roles\.yaml:6:19: .*roles\.0\.permissions\.0\.decision/,
    );
  });

  it('reports YAML syntax errors and duplicate role names with their lines', () => {
    expect(() => parseRolesYaml('roles:\n  - name: [unclosed\n', 'r.yaml')).toThrow(/r\.yaml:\d+:\d+: /);
    const duplicate = `roles:
  - { name: a, members: ['*'], permissions: [] }
  - { name: a, members: ['*'], permissions: [] }
`;
    expect(() => parseRolesYaml(duplicate, 'r.yaml')).toThrow(/r\.yaml:3:\d+: role 'a' is defined twice/);
  });

  it('offers a JSON Schema of the file for editors', () => {
    const schema = rolesFileJsonSchema();
    expect(schema).toMatchObject({ type: 'object', required: ['roles'] });
    expect(JSON.stringify(schema)).toContain('members');
  });
});
