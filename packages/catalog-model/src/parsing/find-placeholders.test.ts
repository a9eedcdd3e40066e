import { describe, expect, it } from 'vitest';
import { findPlaceholders } from './find-placeholders.js';

describe('findPlaceholders', () => {
  it('finds $text, $json and $yaml mappings with their paths, in objects and lists', () => {
    const entity = {
      spec: {
        definition: { $text: './openapi.yaml' },
        servers: [{ $json: './servers.json' }, 'plain'],
        settings: { nested: { $yaml: 'https://example.com/settings.yaml' } },
      },
    };
    const { sites, problems } = findPlaceholders(entity);
    expect(problems).toEqual([]);
    expect(sites.map(({ kind, reference, path, key }) => ({ kind, reference, path, key }))).toEqual([
      { kind: 'text', reference: './openapi.yaml', path: ['spec', 'definition'], key: 'definition' },
      { kind: 'json', reference: './servers.json', path: ['spec', 'servers', 0], key: 0 },
      {
        kind: 'yaml',
        reference: 'https://example.com/settings.yaml',
        path: ['spec', 'settings', 'nested'],
        key: 'nested',
      },
    ]);
    expect(sites[0]!.parent).toBe(entity.spec);
  });

  it('reports a $-key beside other keys and leaves lone $-keys of other names alone', () => {
    const { sites, problems } = findPlaceholders({
      spec: { definition: { $text: './a.yaml', extra: 1 }, other: { $ref: '#/x' } },
    });
    expect(sites).toEqual([]);
    expect(problems).toEqual([
      { path: ['spec', 'definition', '$text'], message: expect.stringMatching(/must be the only key/) },
    ]);
  });
});
