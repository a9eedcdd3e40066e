import { createBackendPlugin } from '@greenroom/backend-plugin-api';
import { type CatalogModel, defineModelFragment } from '@greenroom/catalog-model';
import { startTestBackend, type TestBackend } from '@greenroom/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalogModelExtensionPoint } from './catalog-model-extension-point.js';
import { collectModelFragments, createCatalogModelModule } from './catalog-model-module.js';
import { ModelFragmentCollector } from './model-fragment-collector.js';

const environments = defineModelFragment({
  source: 'plugin:environments',
  kinds: [{ kind: 'Environment', apiVersions: ['acme.com/v1'], spec: z.object({ region: z.string() }) }],
  relationFields: [{ kind: 'Environment', path: 'spec.owner', relation: 'ownedBy', defaultKind: 'Group' }],
});
const pager = defineModelFragment({
  source: 'plugin:pager',
  annotations: [{ key: 'acme.com/pager', value: z.string().regex(/^P[A-Z0-9]+$/) }],
});
const otherEnvironments = defineModelFragment({
  source: 'plugin:other-environments',
  kinds: [{ kind: 'Environment', apiVersions: ['acme.com/v1'], spec: z.object({ zone: z.number() }) }],
});

/** A stand-in for the catalog plugin: offers the extension point and compiles at init, as the real one does. */
function fakeCatalogPlugin(onModel: (model: CatalogModel) => void) {
  return createBackendPlugin({
    pluginId: 'catalog',
    register(reg) {
      const collector = new ModelFragmentCollector();
      reg.registerExtensionPoint(catalogModelExtensionPoint, collector);
      reg.registerInit({
        deps: {},
        async init() {
          onModel(collector.compile());
        },
      });
    },
  });
}

const environmentsModule = createCatalogModelModule({ moduleId: 'environments', fragments: [environments] });
const pagerModule = createCatalogModelModule({ moduleId: 'pager', fragments: [pager] });
const otherPlugin = createBackendPlugin({ pluginId: 'other', register() {} });

describe('createCatalogModelModule', () => {
  let backend: TestBackend | undefined;
  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  it('adds the fragments of two modules to the model the catalog compiles at startup', async () => {
    let model: CatalogModel | undefined;
    backend = await startTestBackend({
      features: [fakeCatalogPlugin((compiled) => (model = compiled)), environmentsModule, pagerModule],
    });
    const kinds = model!.introspect().kinds.map((kind) => kind.kind);
    expect(kinds).toEqual(expect.arrayContaining(['Component', 'Environment']));
    const environment = {
      apiVersion: 'acme.com/v1',
      kind: 'Environment',
      metadata: { name: 'prod', annotations: { 'acme.com/pager': 'not-a-rotation' } },
      spec: { region: 'eu-west-1', owner: 'group:ops' },
    };
    expect(model!.validateEntity(environment)).toEqual([
      expect.objectContaining({ path: ['metadata', 'annotations', 'acme.com/pager'] }),
    ]);
  });

  it('stops startup with both sources named when two modules declare the same kind differently', async () => {
    const conflicting = createCatalogModelModule({ moduleId: 'other', fragments: [otherEnvironments] });
    const start = startTestBackend({
      features: [fakeCatalogPlugin(() => {}), environmentsModule, conflicting],
    });
    await expect(start).rejects.toThrow(/"plugin:environments".*"plugin:other-environments"/);
  });

  it('is a plain catalog module whose fragments do not show among its enumerable keys', () => {
    expect(environmentsModule).toMatchObject({
      kind: 'module',
      pluginId: 'catalog',
      moduleId: 'environments',
    });
    expect(Object.keys(environmentsModule)).not.toContain('fragments');
    expect(Object.isFrozen(environmentsModule)).toBe(true);
  });
});

describe('collectModelFragments', () => {
  it("returns the built-in model, then every model module's fragments in feature order, skipping other features", () => {
    const fragments = collectModelFragments([pagerModule, otherPlugin, environmentsModule]);
    expect(fragments.map((fragment) => fragment.source)).toEqual([
      'greenroom:builtin',
      'plugin:pager',
      'plugin:environments',
    ]);
  });

  it('returns only the built-in model when no feature carries fragments', () => {
    expect(collectModelFragments([otherPlugin]).map((fragment) => fragment.source)).toEqual([
      'greenroom:builtin',
    ]);
  });
});

describe('ModelFragmentCollector', () => {
  it('compiles once and refuses fragments added after that, naming them', () => {
    const collector = new ModelFragmentCollector();
    collector.addModelFragment(pager);
    const model = collector.compile();
    expect(collector.compile()).toBe(model);
    expect(() => collector.addModelFragment(environments)).toThrow(
      /"plugin:environments" was added after the catalog compiled its model/,
    );
  });
});
