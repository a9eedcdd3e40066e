import { describe, expect, it } from 'vitest';
import { builtinModelFragment } from '../builtin/builtin-fragment.js';
import { compileModel } from './catalog-model.js';

const model = compileModel([builtinModelFragment]);

const component = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'shop',
    title: 'Checkout',
    description: 'Takes the money',
    labels: { 'example.com/tier': 'gold', empty: '' },
    annotations: { 'backstage.io/techdocs-ref': 'dir:.', 'github.com/project-slug': 'acme/checkout' },
    tags: ['java', 'c++'],
    links: [
      { url: 'https://grafana.example.com/d/1', title: 'Dashboard', icon: 'dashboard', type: 'metrics' },
    ],
    customKey: { anything: true },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a', dependsOn: ['resource:orders-db'] },
};

function paths(entity: unknown) {
  return model.validateEntity(entity).map((issue) => issue.path);
}

describe('validateEntity', () => {
  it('accepts a valid entity with every metadata field and extra metadata keys', () => {
    expect(model.validateEntity(component)).toEqual([]);
  });

  it('rejects values that are no object', () => {
    for (const value of [null, [], 'x', 3]) expect(paths(value)).toEqual([[]]);
  });

  it('requires apiVersion, kind and metadata.name', () => {
    expect(model.validateEntity({ metadata: {} })).toEqual([
      { path: ['apiVersion'], message: '"apiVersion" is required, e.g. "backstage.io/v1alpha1"' },
      { path: ['kind'], message: '"kind" is required, e.g. "Component"' },
      { path: ['metadata', 'name'], message: '"metadata.name" is required' },
    ]);
    expect(paths({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', spec: component.spec })).toEqual([
      ['metadata'],
    ]);
  });

  it('rejects unknown root fields, and relations and status unless output fields are allowed', () => {
    const entity = { ...component, extra: 1, relations: [], status: {} };
    expect(model.validateEntity(entity).map((issue) => issue.message)).toEqual([
      'Unknown field "extra"; the root of an entity holds only apiVersion, kind, metadata and spec',
      'Unknown field "relations"; relations and status are computed by the catalog and must not be written in entity files',
      'Unknown field "status"; relations and status are computed by the catalog and must not be written in entity files',
    ]);
    expect(paths({ ...component, relations: [], status: {} })).toHaveLength(2);
    expect(
      model.validateEntity({ ...component, relations: [], status: {} }, { allowOutputFields: true }),
    ).toEqual([]);
  });

  it('checks the format of apiVersion and kind before looking the kind up', () => {
    expect(
      model.validateEntity({ ...component, apiVersion: 'a/b/c', kind: 'my-kind' }).map((issue) => issue.path),
    ).toEqual([['apiVersion'], ['kind']]);
  });

  it('names the installed kinds when a kind is unknown, and matches kinds case-sensitively as Backstage does', () => {
    const [issue] = model.validateEntity({ ...component, kind: 'Service' });
    expect(issue!.message).toMatch(
      /^No kind 'Service' with apiVersion 'backstage.io\/v1alpha1' is installed; installed kinds: Component, API, /,
    );
    expect(paths({ ...component, kind: 'component' })).toEqual([['kind']]);
  });

  it('reports each metadata rule with the field, the expectation and the value found', () => {
    const metadata = {
      name: 'check out',
      namespace: 'Shop',
      title: '',
      description: 5,
      labels: { 'bad key': 'x', good: 'not valid!' },
      annotations: { 'x.io/a': 1 },
      tags: ['Java', 'ok'],
      links: [{ title: 'No url' }, { url: 'nope', icon: ' ' }, 'x'],
      uid: '',
    };
    const issues = model.validateEntity({ ...component, metadata });
    expect(issues.map((issue) => issue.path)).toEqual([
      ['metadata', 'name'],
      ['metadata', 'namespace'],
      ['metadata', 'title'],
      ['metadata', 'description'],
      ['metadata', 'uid'],
      ['metadata', 'labels', 'bad key'],
      ['metadata', 'labels', 'good'],
      ['metadata', 'annotations', 'x.io/a'],
      ['metadata', 'tags', 0],
      ['metadata', 'links', 0, 'url'],
      ['metadata', 'links', 1, 'url'],
      ['metadata', 'links', 1, 'icon'],
      ['metadata', 'links', 2],
    ]);
    expect(issues[0]!.message).toMatch(
      /^"metadata\.name" is not valid; expected a string of 1–63 characters: .* but found "check out"$/,
    );
    expect(issues[5]!.message).toMatch(
      /^"metadata\.labels" is not valid; expected each key to be .* but found "bad key"$/,
    );
    expect(issues[8]!.message).toMatch(/^"metadata\.tags\[0\]" is not valid; .* but found "Java"$/);
  });

  it('rejects metadata maps and lists of the wrong shape', () => {
    const metadata = { name: 'a', labels: [], annotations: 'x', tags: 'java', links: {} };
    expect(paths({ ...component, metadata })).toEqual([
      ['metadata', 'labels'],
      ['metadata', 'annotations'],
      ['metadata', 'tags'],
      ['metadata', 'links'],
    ]);
  });

  it('requires spec to be an object when the kind requires one', () => {
    expect(model.validateEntity({ ...component, spec: undefined })).toEqual([
      { path: ['spec'], message: '"spec" is required for kind Component' },
    ]);
    expect(paths({ ...component, spec: ['x'] })).toEqual([['spec']]);
  });

  it('reports refs in relation fields that do not parse, once per field', () => {
    const spec = {
      ...component.spec,
      dependsOn: ['orders-db', 'resource:'],
      providesApis: [''],
      consumesApis: [3],
      system: {},
    };
    const issues = model.validateEntity({ ...component, spec });
    expect(issues).toEqual([
      { path: ['spec', 'system'], message: '"spec.system" is not valid: expected string, received object' },
      { path: ['spec', 'providesApis', 0], message: '"spec.providesApis[0]" must not be empty' },
      {
        path: ['spec', 'consumesApis', 0],
        message: '"spec.consumesApis[0]" is not valid: expected string, received number',
      },
      {
        path: ['spec', 'dependsOn', 0],
        message:
          '"spec.dependsOn[0]": Entity ref "orders-db" has no kind and there is no default kind here; write it as "<kind>:orders-db", e.g. "component:orders-db"',
      },
      {
        path: ['spec', 'dependsOn', 1],
        message:
          '"spec.dependsOn[1]": Entity ref "resource:" is not of the form [<kind>:][<namespace>/]<name>; the kind, namespace and name must not be empty',
      },
    ]);
  });

  it('rejects keys that differ only in casing anywhere in the entity', () => {
    const spec = { ...component.spec, Owner: 'team-b' };
    expect(model.validateEntity({ ...component, spec })).toContainEqual({
      path: ['spec', 'Owner'],
      message:
        '"spec" has keys that differ only in casing: "owner" and "Owner"; keys must be unique regardless of case',
    });
  });

  it('does not change the entity it checks', () => {
    const copy = structuredClone(component);
    model.validateEntity(copy);
    expect(copy).toEqual(component);
  });
});
