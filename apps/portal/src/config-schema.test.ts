import { readFile } from 'node:fs/promises';
import { collectConfigSchemas } from '@greenroom/backend';
import { compileConfigSchemas } from '@greenroom/config';
import { describe, expect, it } from 'vitest';
import { features } from './features.js';

describe('the committed editor schema', () => {
  it('describes exactly the config keys of the portal and its installed plugins', async () => {
    const committed = JSON.parse(
      await readFile(new URL('../../../app-config.schema.json', import.meta.url), 'utf8'),
    );
    const current = compileConfigSchemas(collectConfigSchemas(features)).jsonSchema;
    expect(
      committed,
      'app-config.schema.json is stale: run `npm run greenroom -- config schema --write` and commit it',
    ).toEqual(current);
  });
});
