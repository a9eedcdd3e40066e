import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigReader } from '@greenroom/config';
import { describe, expect, it } from 'vitest';
import { createAllowedKindsRule } from './allowed-kinds-rule.js';
import { resolveLocationTargets } from './location-targets.js';
import { type ReadLocationContext, readLocation } from './read-location.js';
import type { ReadEntity } from './read-location-result.js';
import { createTestUrlReader } from './reading-test-fixtures.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const exampleDir = path.join(repoRoot, 'examples', 'catalog');
const allYaml = path.join(exampleDir, 'all.yaml');

describe('the example catalog', () => {
  it('reads end to end from all.yaml: 81 entities, API definitions filled in from $text, all allowed by its rule', async () => {
    const context: ReadLocationContext = {
      urlReader: createTestUrlReader([]),
      allowedFileDirectories: [exampleDir],
      originLocation: `file:${allYaml}`,
    };
    const root = await readLocation({ type: 'file', target: allYaml }, context);
    expect(root.errors).toEqual([]);
    const entities: ReadEntity[] = [...root.entities];
    for (const { entity, target } of root.entities.filter((e) => e.entity.kind === 'Location')) {
      for (const child of resolveLocationTargets(entity, { type: 'file', target })) {
        const result = await readLocation(child, context);
        expect(result.errors).toEqual([]);
        entities.push(...result.entities);
      }
    }
    expect(entities).toHaveLength(81);

    const apis = entities.filter((e) => e.entity.kind === 'API');
    expect(apis).toHaveLength(8);
    for (const { entity } of apis) expect(typeof entity.spec?.definition).toBe('string');
    const orders = apis.find((e) => e.entity.metadata.name === 'orders-api');
    expect(orders?.entity.spec?.definition).toMatch(/^openapi: 3/);

    const config = new ConfigReader({
      catalog: {
        locations: [
          {
            type: 'file',
            target: './examples/catalog/all.yaml',
            rules: [
              { allow: ['Location', 'Group', 'User', 'Domain', 'System', 'Component', 'API', 'Resource'] },
            ],
          },
        ],
      },
    });
    const isAllowed = createAllowedKindsRule(config, { baseDirectory: repoRoot });
    expect(entities.filter((e) => !isAllowed(e.entity, context.originLocation))).toEqual([]);
    const defaultRule = createAllowedKindsRule(new ConfigReader({}));
    expect(entities.some((e) => !defaultRule(e.entity, context.originLocation))).toBe(true);
  });
});
