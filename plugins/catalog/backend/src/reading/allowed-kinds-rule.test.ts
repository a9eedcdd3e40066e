import path from 'node:path';
import type { Entity } from '@greenroom/catalog-model';
import { ConfigReader } from '@greenroom/config';
import { NotAllowedError } from '@greenroom/errors';
import { describe, expect, it } from 'vitest';
import { createAllowedKindsRule, notAllowedByRulesError } from './allowed-kinds-rule.js';

const entity = (kind: string, type?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  ...(type ? { spec: { type } } : {}),
});

describe('createAllowedKindsRule', () => {
  it('allows only Component, API and Location when catalog.rules is not set', () => {
    const isAllowed = createAllowedKindsRule(new ConfigReader({}));
    expect(
      ['Component', 'api', 'LOCATION'].map((kind) =>
        isAllowed(entity(kind), 'url:https://a.example.com/x.yaml'),
      ),
    ).toEqual([true, true, true]);
    expect(isAllowed(entity('Group'), 'url:https://a.example.com/x.yaml')).toBe(false);
  });

  it('lets the rules of a catalog.locations entry allow more kinds for entities from that origin', () => {
    const config = new ConfigReader({
      catalog: {
        locations: [
          {
            type: 'file',
            target: './examples/catalog/all.yaml',
            rules: [{ allow: ['Location', 'Group', 'User'] }],
          },
        ],
      },
    });
    const isAllowed = createAllowedKindsRule(config, { baseDirectory: '/srv/greenroom' });
    const origin = `file:${path.resolve('/srv/greenroom/examples/catalog/all.yaml')}`;
    expect(isAllowed(entity('Group'), origin)).toBe(true);
    expect(isAllowed(entity('Group'), 'file:/srv/other.yaml')).toBe(false);
    expect(isAllowed(entity('Component'), 'file:/srv/other.yaml')).toBe(true);
  });

  it('replaces the default with catalog.rules, matched by origin type, exact target, pattern and spec.type', () => {
    const config = new ConfigReader({
      catalog: {
        rules: [
          { allow: ['Component'] },
          {
            allow: ['Group', 'User'],
            locations: [{ type: 'url', pattern: 'https://git.example.com/org/**' }],
          },
          {
            allow: [{ kind: 'Resource', 'spec.type': 'database' }],
            locations: [{ type: 'url', exact: 'https://a.example.com/r.yaml' }],
          },
        ],
      },
    });
    const isAllowed = createAllowedKindsRule(config);
    expect(isAllowed(entity('API'), 'url:https://a.example.com/x.yaml')).toBe(false);
    expect(isAllowed(entity('User'), 'url:https://git.example.com/org/people/u.yaml')).toBe(true);
    expect(isAllowed(entity('User'), 'url:https://git.example.com/other/u.yaml')).toBe(false);
    expect(
      isAllowed(entity('Resource', 'database'), { type: 'url', target: 'https://a.example.com/r.yaml' }),
    ).toBe(true);
    expect(
      isAllowed(entity('Resource', 'queue'), { type: 'url', target: 'https://a.example.com/r.yaml' }),
    ).toBe(false);
  });

  it('throws an error naming the key for malformed rules', () => {
    const config = new ConfigReader({ catalog: { rules: [{ allow: 'Group' }] } });
    expect(() => createAllowedKindsRule(config)).toThrow(/catalog\.rules/);
  });

  it('explains a refusal with the config keys that would allow it', () => {
    const error = notAllowedByRulesError(entity('Group'), 'file:/srv/all.yaml');
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toMatch(
      /group:default\/x of kind Group is not allowed from location file:\/srv\/all\.yaml/,
    );
    expect(error.message).toContain('catalog.rules');
    expect(error.message).toContain('catalog.locations');
  });
});
