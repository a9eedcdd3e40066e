import { describe, expect, it } from 'vitest';
import { createExternalRouteRef, createRouteRef } from './route-ref.js';
import { RouteResolver } from './route-resolver.js';

const entityRoute = createRouteRef({ id: 'catalog.entity', params: ['namespace', 'kind', 'name'] });
const createComponent = createExternalRouteRef({
  id: 'catalog.createComponent',
  defaultTarget: 'scaffolder.root',
});
const paths = {
  'catalog.entity': '/catalog/:namespace/:kind/:name',
  'scaffolder.root': '/create',
  'scaffolder.templates': '/create/templates',
};

describe('RouteResolver', () => {
  it('builds paths from route refs, encoding parameters', () => {
    const resolver = new RouteResolver({ paths });
    expect(resolver.resolve(entityRoute)?.({ namespace: 'default', kind: 'component', name: 'a b' })).toBe(
      '/catalog/default/component/a%20b',
    );
  });

  it('binds an external route to its default target when that page is installed', () => {
    const resolver = new RouteResolver({ paths, externalRoutes: [createComponent] });
    expect(resolver.resolve(createComponent)?.()).toBe('/create');
  });

  it('leaves an external route unbound when its default target is not installed', () => {
    const resolver = new RouteResolver({
      paths: { 'catalog.entity': '/catalog' },
      externalRoutes: [createComponent],
    });
    expect(resolver.resolve(createComponent)).toBeUndefined();
  });

  it('prefers bindings from code over config, and config over the default target', () => {
    const fromConfig = new RouteResolver({
      paths,
      externalRoutes: [createComponent],
      bindings: [{}, { 'catalog.createComponent': 'scaffolder.templates' }],
    });
    expect(fromConfig.resolve(createComponent)?.()).toBe('/create/templates');
    const fromCode = new RouteResolver({
      paths,
      externalRoutes: [createComponent],
      bindings: [
        { 'catalog.createComponent': 'scaffolder.root' },
        { 'catalog.createComponent': 'scaffolder.templates' },
      ],
    });
    expect(fromCode.resolve(createComponent)?.()).toBe('/create');
  });

  it('unbinds an external route bound to false', () => {
    const resolver = new RouteResolver({
      paths,
      externalRoutes: [createComponent],
      bindings: [{ 'catalog.createComponent': false }],
    });
    expect(resolver.resolve(createComponent)).toBeUndefined();
  });

  it('refuses bindings to unknown routes or from undeclared external routes, naming them', () => {
    expect(
      () =>
        new RouteResolver({
          paths,
          externalRoutes: [createComponent],
          bindings: [{ 'catalog.createComponent': 'nope.root' }],
        }),
    ).toThrow("Route binding 'catalog.createComponent: nope.root': no installed page has route 'nope.root'");
    expect(() => new RouteResolver({ paths, bindings: [{ 'catalog.unknown': 'scaffolder.root' }] })).toThrow(
      "Route binding 'catalog.unknown': no installed plugin declares this external route",
    );
  });

  it('reports a missing path parameter by name', () => {
    const resolver = new RouteResolver({ paths });
    expect(() => resolver.resolve(entityRoute)?.({ namespace: 'default' } as never)).toThrow(
      "Route 'catalog.entity' needs parameter 'kind'",
    );
  });
});
