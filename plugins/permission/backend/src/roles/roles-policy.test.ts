import { createPermission } from '@greenroom/plugin-permission-common';
import { describe, expect, it } from 'vitest';
import { RolesPolicy } from './roles-policy.js';
import { type Role, roleSchema } from './roles-schema.js';

const entityRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const entityDelete = createPermission({
  name: 'catalog.entity.delete',
  attributes: { action: 'delete' },
  resourceType: 'catalog-entity',
});
const locationCreate = createPermission({
  name: 'catalog.location.create',
  attributes: { action: 'create' },
});
const policyUpdate = createPermission({ name: 'permission.policy.update', attributes: { action: 'update' } });

const jane = {
  userEntityRef: 'user:default/jane',
  ownershipEntityRefs: ['user:default/jane', 'group:default/team-a'],
};
const admin = {
  userEntityRef: 'user:default/root',
  ownershipEntityRefs: ['user:default/root', 'group:default/platform'],
};

function policy(roles: unknown[]): RolesPolicy {
  const parsed: Role[] = roles.map((role) => roleSchema.parse(role));
  return new RolesPolicy(() => parsed);
}

const roles = [
  { name: 'admins', members: ['Group:Platform'], permissions: [{ match: '*', decision: 'allow' }] },
  {
    name: 'everyone',
    members: ['*'],
    permissions: [
      { match: { action: 'read' }, decision: 'allow' },
      {
        match: { name: 'catalog.entity.delete' },
        decision: { conditional: { rule: 'IS_ENTITY_OWNER', params: { claims: '$ownershipRefs' } } },
      },
    ],
  },
  {
    name: 'team-a',
    members: ['group:default/team-a'],
    permissions: [{ match: { name: 'catalog.location.*' }, decision: 'allow' }],
  },
];

describe('RolesPolicy', () => {
  it('allows what a role of the user grants, matching groups through ownership refs', () => {
    const p = policy(roles);
    expect(p.handle({ permission: entityRead }, jane)).toEqual({ result: 'ALLOW' });
    expect(p.handle({ permission: locationCreate }, jane)).toEqual({ result: 'ALLOW' });
    expect(p.handle({ permission: policyUpdate }, jane)).toEqual({ result: 'DENY' });
    expect(p.handle({ permission: policyUpdate }, admin)).toEqual({ result: 'ALLOW' });
  });

  it('answers conditionally with the caller filled into $ownershipRefs', () => {
    expect(policy(roles).handle({ permission: entityDelete }, jane)).toEqual({
      result: 'CONDITIONAL',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/jane', 'group:default/team-a'] },
      },
    });
  });

  it('lets an allow win over a conditional, and a deny win over everything whatever the order', () => {
    expect(policy(roles).handle({ permission: entityDelete }, admin)).toEqual({ result: 'ALLOW' });
    const withDeny = policy([
      ...roles,
      {
        name: 'no-deletes',
        members: ['group:default/platform'],
        permissions: [{ match: { action: 'delete' }, decision: 'deny' }],
      },
    ]);
    expect(withDeny.handle({ permission: entityDelete }, admin)).toEqual({ result: 'DENY' });
    expect(withDeny.handle({ permission: entityRead }, admin)).toEqual({ result: 'ALLOW' });
  });

  it('combines conditions of several roles with anyOf and fills $userEntityRef', () => {
    const p = policy([
      {
        name: 'kinds',
        members: ['*'],
        permissions: [
          {
            match: { resourceType: 'catalog-entity' },
            decision: { conditional: { rule: 'IS_ENTITY_KIND', params: { kinds: ['component'] } } },
          },
        ],
      },
      {
        name: 'mine',
        members: ['user:jane'],
        permissions: [
          {
            match: { name: ['catalog.entity.delete', 'catalog.entity.refresh'] },
            decision: {
              conditional: {
                not: { rule: 'IS_ENTITY_OWNER', params: { claims: ['$userEntityRef', 'group:default/x'] } },
              },
            },
          },
        ],
      },
    ]);
    expect(p.handle({ permission: entityDelete }, jane)).toEqual({
      result: 'CONDITIONAL',
      conditions: {
        anyOf: [
          { rule: 'IS_ENTITY_KIND', resourceType: 'catalog-entity', params: { kinds: ['component'] } },
          {
            not: {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'catalog-entity',
              params: { claims: ['user:default/jane', 'group:default/x'] },
            },
          },
        ],
      },
    });
  });

  it('denies when nothing matches, and ignores conditional rules for basic permissions', () => {
    const p = policy([
      {
        name: 'odd',
        members: ['*'],
        permissions: [{ match: { action: 'create' }, decision: { conditional: { rule: 'X' } } }],
      },
    ]);
    expect(p.handle({ permission: locationCreate }, jane)).toEqual({ result: 'DENY' });
    expect(p.handle({ permission: entityRead }, jane)).toEqual({ result: 'DENY' });
  });

  it('picks up new roles as soon as its source returns them', () => {
    let current: Role[] = [];
    const p = new RolesPolicy(() => current);
    expect(p.handle({ permission: entityRead }, jane)).toEqual({ result: 'DENY' });
    current = [
      roleSchema.parse({
        name: 'r',
        members: ['user:default/jane'],
        permissions: [{ match: '*', decision: 'allow' }],
      }),
    ];
    expect(p.handle({ permission: entityRead }, jane)).toEqual({ result: 'ALLOW' });
  });
});
