import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestLogger, waitFor } from '@greenroom/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLines, testAuditor } from '../testing/test-auditor.js';
import { FileRolesSource } from './file-roles-source.js';

const role = (name: string) => `  - name: ${name}
    members: ['*']
    permissions:
      - match: '*'
        decision: allow
`;

describe('FileRolesSource', () => {
  let dir: string;
  let path: string;
  let source: FileRolesSource | undefined;
  let logger: TestLogger;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'greenroom-roles-'));
    path = join(dir, 'roles.yaml');
    logger = new TestLogger();
  });
  afterEach(async () => {
    source?.close();
    source = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  const names = () => source?.current().map((r) => r.name);

  it('applies a changed file without a restart and records an audit event', async () => {
    await writeFile(path, `roles:\n${role('first')}`);
    source = await FileRolesSource.load({ path, logger, auditor: testAuditor(logger) });
    expect(names()).toEqual(['first']);

    await writeFile(path, `roles:\n${role('first')}${role('second')}`);
    await waitFor(() => names()?.length === 2, 'the second role');
    expect(names()).toEqual(['first', 'second']);
    expect(auditLines(logger)).toContainEqual({
      eventId: 'permission-policy-reload',
      status: 'succeeded',
      meta: { source: path, roles: ['first', 'second'] },
    });
  });

  it('keeps the previous roles when the file breaks, logging file:line, and recovers when fixed', async () => {
    await writeFile(path, `roles:\n${role('first')}`);
    source = await FileRolesSource.load({ path, logger, auditor: testAuditor(logger) });

    await writeFile(path, `roles:\n${role('first')}  - name: broken\n    members: []\n    permissions: []\n`);
    await waitFor(() => logger.lines.some((line) => line.level === 'error'), 'an error logged');
    expect(names()).toEqual(['first']);
    const error = logger.lines.find((line) => line.level === 'error');
    expect(error?.message).toContain(`${path}:8:14:`);
    expect(error?.message).toContain('previous permission roles stay in effect');
    expect(auditLines(logger)).toContainEqual(
      expect.objectContaining({ eventId: 'permission-policy-reload', status: 'failed' }),
    );

    // A replaced file (write elsewhere, rename over) is picked up as well.
    await writeFile(join(dir, 'next.yaml'), `roles:\n${role('fixed')}`);
    await rename(join(dir, 'next.yaml'), path);
    await waitFor(() => names()?.[0] === 'fixed', 'the fixed roles');
  });

  it('follows a Kubernetes ConfigMap update, where a ..data symlink is swapped next to the file', async () => {
    await mkdir(join(dir, 'v1'));
    await writeFile(join(dir, 'v1', 'roles.yaml'), `roles:\n${role('first')}`);
    await symlink('v1', join(dir, '..data'));
    await symlink(join('..data', 'roles.yaml'), path);
    source = await FileRolesSource.load({ path, logger, auditor: testAuditor(logger) });
    expect(names()).toEqual(['first']);

    await mkdir(join(dir, 'v2'));
    await writeFile(join(dir, 'v2', 'roles.yaml'), `roles:\n${role('second')}`);
    await symlink('v2', join(dir, '..data_tmp'));
    await rename(join(dir, '..data_tmp'), join(dir, '..data'));
    await waitFor(() => names()?.[0] === 'second', 'the roles of the new ConfigMap version');
  });

  it('keeps the previous roles when the file disappears', async () => {
    await writeFile(path, `roles:\n${role('first')}`);
    source = await FileRolesSource.load({ path, logger, auditor: testAuditor(logger) });
    await rm(path);
    await waitFor(() => logger.lines.some((line) => line.level === 'error'), 'an error logged');
    expect(names()).toEqual(['first']);
    expect(logger.lines.find((line) => line.level === 'error')?.message).toContain('ENOENT');
    // Other changes in the folder do not repeat the error.
    await writeFile(join(dir, 'other.txt'), 'x');
    await writeFile(path, `roles:\n${role('back')}`);
    await waitFor(() => names()?.[0] === 'back', 'the file back');
    expect(logger.lines.filter((line) => line.level === 'error')).toHaveLength(1);
  });

  it('refuses to start from a malformed or missing file, naming the line', async () => {
    await writeFile(path, 'roles:\n  - name: x\n    members: "*"\n    permissions: []\n');
    await expect(FileRolesSource.load({ path, logger, auditor: testAuditor(logger) })).rejects.toThrow(
      `${path}:3:14:`,
    );
    await expect(
      FileRolesSource.load({ path: join(dir, 'none.yaml'), logger, auditor: testAuditor(logger) }),
    ).rejects.toThrow(/Cannot read the roles file .*none\.yaml/);
  });
});
