import { ConflictError, NotFoundError } from '@greenroom/errors';
import { TestDatabases, TestLogger } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { DatabaseRolesSource } from './database-roles-source.js';
import { type Role, roleSchema } from './roles-schema.js';

const databases = TestDatabases.create();

const role = (name: string, members: string[] = ['*']): Role =>
  roleSchema.parse({ name, members, permissions: [{ match: { action: 'read' }, decision: 'allow' }] });

describe.each(databases.eachSupportedId())('DatabaseRolesSource on %s', (databaseId) => {
  it('creates, replaces, renames and deletes roles, refusing duplicates and unknown names', async () => {
    const database = await databases.createService(databaseId, 'permission');
    const source = await DatabaseRolesSource.create({ database, logger: new TestLogger() });
    try {
      expect(source.current()).toEqual([]);
      await source.create(role('readers'));
      await expect(source.create(role('readers'))).rejects.toThrow(ConflictError);
      await source.create(role('admins', ['group:default/platform']));
      expect(source.current().map((r) => r.name)).toEqual(['admins', 'readers']);

      await source.replace('readers', role('readers', ['group:default/team-a']));
      expect(source.current().find((r) => r.name === 'readers')?.members).toEqual(['group:default/team-a']);
      await source.replace('readers', role('viewers'));
      expect(source.current().map((r) => r.name)).toEqual(['admins', 'viewers']);
      await expect(source.replace('viewers', role('admins'))).rejects.toThrow(ConflictError);
      expect(source.current().map((r) => r.name)).toEqual(['admins', 'viewers']);
      await expect(source.replace('nope', role('nope'))).rejects.toThrow(NotFoundError);

      await source.delete('admins');
      await expect(source.delete('admins')).rejects.toThrow(NotFoundError);
      expect(source.current().map((r) => r.name)).toEqual(['viewers']);
    } finally {
      source.close();
    }
  });

  it("sees another instance's edits after a refresh", async () => {
    const database = await databases.createService(databaseId, 'permission');
    const one = await DatabaseRolesSource.create({ database, logger: new TestLogger() });
    const two = await DatabaseRolesSource.create({ database, logger: new TestLogger() });
    try {
      await one.create(role('shared'));
      expect(two.current()).toEqual([]);
      await two.refresh();
      expect(two.current().map((r) => r.name)).toEqual(['shared']);
    } finally {
      one.close();
      two.close();
    }
  });
});
