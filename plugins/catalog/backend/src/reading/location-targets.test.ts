import path from 'node:path';
import type { Entity } from '@greenroom/catalog-model';
import { describe, expect, it } from 'vitest';
import { resolveLocationTargets } from './location-targets.js';

const location = (spec: Record<string, unknown>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Location',
  metadata: { name: 'root' },
  spec,
});

describe('resolveLocationTargets', () => {
  const fileBase = { type: 'file', target: path.resolve('/srv/catalog/all.yaml') };
  const urlBase = { type: 'url', target: 'https://git.example.com/acme/catalog/blob/main/all.yaml' };

  it('resolves relative file targets against the directory of the Location file', () => {
    expect(
      resolveLocationTargets(location({ targets: ['./org.yaml', 'teams/a.yaml', '/abs/b.yaml'] }), fileBase),
    ).toEqual([
      { type: 'file', target: path.resolve('/srv/catalog/org.yaml'), presence: 'required' },
      { type: 'file', target: path.resolve('/srv/catalog/teams/a.yaml'), presence: 'required' },
      { type: 'file', target: path.resolve('/abs/b.yaml'), presence: 'required' },
    ]);
  });

  it('resolves relative URL targets against the Location file URL and takes spec.target and presence', () => {
    expect(
      resolveLocationTargets(
        location({ target: '../other/x.yaml', targets: ['./y.yaml'], presence: 'optional' }),
        urlBase,
      ),
    ).toEqual([
      { type: 'url', target: 'https://git.example.com/acme/catalog/blob/other/x.yaml', presence: 'optional' },
      { type: 'url', target: 'https://git.example.com/acme/catalog/blob/main/y.yaml', presence: 'optional' },
    ]);
  });

  it('lists each target once and keeps glob targets', () => {
    expect(
      resolveLocationTargets(
        location({ targets: ['./a.yaml', 'a.yaml', './**/catalog-info.yaml'] }),
        fileBase,
      ),
    ).toEqual([
      { type: 'file', target: path.resolve('/srv/catalog/a.yaml'), presence: 'required' },
      { type: 'file', target: path.resolve('/srv/catalog/**/catalog-info.yaml'), presence: 'required' },
    ]);
  });

  it('lets spec.type switch a file Location to absolute URL targets', () => {
    expect(
      resolveLocationTargets(location({ type: 'url', target: 'https://example.com/c.yaml' }), fileBase),
    ).toEqual([{ type: 'url', target: 'https://example.com/c.yaml', presence: 'required' }]);
    expect(() => resolveLocationTargets(location({ type: 'url', target: './c.yaml' }), fileBase)).toThrow(
      /must be absolute/,
    );
  });

  it.each([
    [
      'a file target in a Location read from a URL',
      { type: 'file', target: '/etc/passwd' },
      urlBase,
      /cannot point at files/,
    ],
    ['a file target ending with a separator', { target: './teams/' }, fileBase, /ends with a path separator/],
    ['a javascript: URL target', { target: 'javascript:alert(1)' }, urlBase, /not an http\(s\) URL/],
    ['an unknown type', { type: 'github-org', target: 'acme' }, fileBase, /only 'url' and 'file'/],
    ['targets that are not strings', { targets: [1] }, fileBase, /invalid spec\.targets\.0/],
  ])('refuses %s', (_, spec, base, message) => {
    expect(() => resolveLocationTargets(location(spec), base)).toThrow(message);
  });

  it('refuses entities that are not Locations', () => {
    expect(() => resolveLocationTargets({ ...location({}), kind: 'Component' }, fileBase)).toThrow(
      /Expected a Location/,
    );
  });
});
