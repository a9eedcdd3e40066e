import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, NotAllowedError, NotFoundError } from '@greenroom/errors';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AllowedDirectories } from './allowed-directories.js';
import { makeTempDir, removeTempDir } from './reading-test-fixtures.js';

let root: string;

beforeEach(async () => {
  root = await makeTempDir({ 'real/catalog/a.yaml': 'a', 'real/secret.yaml': 's' });
  await mkdir(path.join(root, 'links'));
  await symlink(path.join(root, 'real', 'catalog'), path.join(root, 'links', 'catalog'));
});

afterEach(() => removeTempDir(root));

describe('AllowedDirectories', () => {
  it('allows a directory given through a symlink, by either of its paths', async () => {
    const allowed = await AllowedDirectories.create([path.join(root, 'links', 'catalog')]);
    const real = path.join(root, 'real', 'catalog', 'a.yaml');
    await expect(allowed.resolve(path.join(root, 'links', 'catalog', 'a.yaml'))).resolves.toBe(real);
    await expect(allowed.resolve(real)).resolves.toBe(real);
  });

  it('refuses a sibling directory whose name starts like the allowed one', async () => {
    await mkdir(path.join(root, 'real', 'catalog-evil'));
    await writeFile(path.join(root, 'real', 'catalog-evil', 'x.yaml'), 'x');
    const allowed = await AllowedDirectories.create([path.join(root, 'real', 'catalog')]);
    await expect(allowed.resolve(path.join(root, 'real', 'catalog-evil', 'x.yaml'))).rejects.toBeInstanceOf(
      NotAllowedError,
    );
  });

  it('tells a missing allowed file apart from a refused one', async () => {
    const allowed = await AllowedDirectories.create([path.join(root, 'real', 'catalog')]);
    await expect(allowed.resolve(path.join(root, 'real', 'catalog', 'none.yaml'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(allowed.resolve(path.join(root, 'real', 'secret.yaml'))).rejects.toBeInstanceOf(
      NotAllowedError,
    );
  });

  it('allows nothing when no directories are configured, and refuses relative directories', async () => {
    const none = await AllowedDirectories.create([]);
    await expect(none.resolve(path.join(root, 'real', 'catalog', 'a.yaml'))).rejects.toThrow(
      /none are configured/,
    );
    await expect(AllowedDirectories.create(['catalog'])).rejects.toBeInstanceOf(InputError);
  });
});
