import type { AuthService, DiscoveryService } from '@greenroom/backend-plugin-api';
import { createPermission } from '@greenroom/plugin-permission-common';
import { TestLogger } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { createCredentials } from '../auth/credentials.js';
import { DefaultPermissionsService } from './default-permissions-service.js';

const read = createPermission({ name: 'docs.doc.read', attributes: { action: 'read' }, resourceType: 'doc' });
const create = createPermission({ name: 'docs.doc.create', attributes: { action: 'create' } });
const remove = createPermission({ name: 'docs.doc.delete', attributes: { action: 'delete' } });

// These cases are decided locally: nothing may reach auth or discovery (the plugin tests
// cover the calls to the permission plugin with real tokens).
const unreachable = new Proxy(
  {},
  {
    get: () => () => {
      throw new Error('the permission plugin must not be asked');
    },
  },
);

function service(enabled: boolean): DefaultPermissionsService {
  return new DefaultPermissionsService({
    auth: unreachable as AuthService,
    discovery: unreachable as DiscoveryService,
    logger: new TestLogger(),
    enabled,
  });
}

describe('DefaultPermissionsService', () => {
  it('allows everything when permissions are not enabled', async () => {
    const credentials = createCredentials({ type: 'user', userEntityRef: 'user:default/jane' });
    expect(await service(false).authorize([{ permission: create }], { credentials })).toEqual([
      { result: 'ALLOW' },
    ]);
    expect(await service(false).authorizeConditional([{ permission: read }], { credentials })).toEqual([
      { result: 'ALLOW' },
    ]);
  });

  it('denies callers without credentials', async () => {
    const credentials = createCredentials({ type: 'none' });
    expect(await service(true).authorize([{ permission: create }], { credentials })).toEqual([
      { result: 'DENY' },
    ]);
  });

  it('allows service callers unless their access restrictions leave the permission out', async () => {
    const free = createCredentials({ type: 'service', subject: 'plugin:catalog' });
    expect(await service(true).authorize([{ permission: remove }], { credentials: free })).toEqual([
      { result: 'ALLOW' },
    ]);
    const byAction = createCredentials({
      type: 'service',
      subject: 'external:reader',
      accessRestrictions: { permissionAttributes: { action: ['read', 'create'] } },
    });
    expect(
      await service(true).authorize(
        [{ permission: create }, { permission: remove }, { permission: read, resourceRef: 'doc:a' }],
        { credentials: byAction },
      ),
    ).toEqual([{ result: 'ALLOW' }, { result: 'DENY' }, { result: 'ALLOW' }]);
    const byName = createCredentials({
      type: 'service',
      subject: 'external:ci',
      accessRestrictions: { permissionNames: ['docs.doc.delete'] },
    });
    expect(
      await service(true).authorize([{ permission: create }, { permission: remove }], {
        credentials: byName,
      }),
    ).toEqual([{ result: 'DENY' }, { result: 'ALLOW' }]);
  });

  it('refuses authorize on a resource permission without a resourceRef, pointing to authorizeConditional', async () => {
    const credentials = createCredentials({ type: 'service', subject: 'plugin:catalog' });
    await expect(service(true).authorize([{ permission: read }], { credentials })).rejects.toThrow(
      /use authorizeConditional/,
    );
  });
});
