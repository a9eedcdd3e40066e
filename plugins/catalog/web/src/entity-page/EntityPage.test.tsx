import type { Entity } from '@greenroom/catalog-model';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogPlugin } from '../plugin.js';
import { InMemoryCatalogApi, renderInApp, testSession } from '../testing/render-in-app.js';

const cartService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'cart', namespace: 'default', title: 'Cart Service', description: 'Shopping carts' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/team-a' },
    { type: 'dependsOn', targetRef: 'resource:default/cart-db' },
  ],
  status: {
    items: [
      { type: 'backstage.io/catalog-processing', level: 'error', message: 'InputError: spec.owner is odd' },
    ],
  },
};
const cartApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'cart-api', namespace: 'default' },
  spec: {
    type: 'graphql',
    lifecycle: 'production',
    owner: 'team-a',
    definition: 'type Query { cart: String }',
  },
};

describe('EntityPage', () => {
  it('shows the header, the About card and the relations', async () => {
    renderInApp({
      plugins: [catalogPlugin],
      catalogApi: new InMemoryCatalogApi([cartService]),
      path: '/catalog/default/component/cart',
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Cart Service' })).toBeTruthy();
    expect(screen.getByText('Shopping carts')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'team-a' }).getAttribute('href')).toBe(
      '/catalog/default/group/team-a',
    );
    expect(screen.getByRole('link', { name: 'resource:cart-db' }).getAttribute('href')).toBe(
      '/catalog/default/resource/cart-db',
    );
  });

  it('offers only the tabs that apply to the entity kind', async () => {
    const api = new InMemoryCatalogApi([cartService, cartApi]);
    const component = renderInApp({
      plugins: [catalogPlugin],
      catalogApi: api,
      path: '/catalog/default/component/cart',
    });
    await screen.findByRole('heading', { level: 1, name: 'Cart Service' });
    const componentTabs = screen.getAllByRole('tab').map((tab) => tab.textContent);
    expect(componentTabs).toEqual([
      'Overview',
      'Dependencies',
      'Dependents',
      'Children',
      'Relations graph',
      'History',
    ]);
    component.unmount();
    renderInApp({ plugins: [catalogPlugin], catalogApi: api, path: '/catalog/default/api/cart-api' });
    await screen.findByRole('heading', { level: 1, name: 'cart-api' });
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toContain('API definition');
  });

  it('shows processing errors to the owners of the entity only', async () => {
    const api = new InMemoryCatalogApi([cartService]);
    const owner = renderInApp({
      plugins: [catalogPlugin],
      catalogApi: api,
      path: '/catalog/default/component/cart',
      session: testSession(['user:default/jane', 'group:default/team-a']),
    });
    expect(await screen.findByText('This entity has processing errors')).toBeTruthy();
    owner.unmount();
    renderInApp({ plugins: [catalogPlugin], catalogApi: api, path: '/catalog/default/component/cart' });
    await screen.findByRole('heading', { level: 1, name: 'Cart Service' });
    expect(screen.queryByText('This entity has processing errors')).toBeNull();
  });

  it('says the entity does not exist when the catalog has no such entity', async () => {
    renderInApp({
      plugins: [catalogPlugin],
      catalogApi: new InMemoryCatalogApi([]),
      path: '/catalog/default/component/nope',
    });
    expect(await screen.findByRole('heading', { name: 'Entity not found' })).toBeTruthy();
  });

  it('lists the dependencies on their tab', async () => {
    const db: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: 'cart-db', namespace: 'default', description: 'Cart storage' },
      spec: { type: 'database', owner: 'team-a' },
    };
    renderInApp({
      plugins: [catalogPlugin],
      catalogApi: new InMemoryCatalogApi([cartService, db]),
      path: '/catalog/default/component/cart/dependencies',
    });
    expect(await screen.findByText('Cart storage')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Dependencies' }).getAttribute('aria-selected')).toBe('true');
  });
});
