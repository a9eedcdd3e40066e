import type { Entity } from '@greenroom/catalog-model';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogPlugin } from '../plugin.js';
import { InMemoryCatalogApi, renderInApp, testSession } from '../testing/render-in-app.js';

function component(name: string, type = 'service'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', description: `The ${name}` },
    spec: { type, lifecycle: 'production', owner: 'team-a' },
  };
}

describe('CatalogIndexPage', () => {
  it('lists the entities of the kind with their count, linking to their pages', async () => {
    const api = new InMemoryCatalogApi([component('cart'), component('orders')]);
    renderInApp({ plugins: [catalogPlugin], catalogApi: api, path: '/catalog' });
    const table = await screen.findByRole('table', { name: 'Entities' });
    const link = await within(table).findByRole('link', { name: 'cart' });
    expect(link.getAttribute('href')).toBe('/catalog/default/component/cart');
    expect(await screen.findByText('2 entities')).toBeTruthy();
    expect(api.queries[0]).toMatchObject({
      filter: { kind: ['component'] },
      orderField: { field: 'metadata.name', order: 'asc' },
      limit: 20,
    });
  });

  it('sends the text filter to the catalog after typing stops', async () => {
    const api = new InMemoryCatalogApi([component('cart'), component('orders')]);
    renderInApp({ plugins: [catalogPlugin], catalogApi: api, path: '/catalog' });
    await screen.findByText('2 entities');
    fireEvent.change(screen.getByRole('textbox', { name: 'Filter' }), { target: { value: 'ord' } });
    await waitFor(() => expect(api.queries.at(-1)).toMatchObject({ fullTextFilterTerm: 'ord' }));
    expect(await screen.findByText('1 entity')).toBeTruthy();
  });

  it('sorts by a column when its header is clicked, descending on the second click', async () => {
    const api = new InMemoryCatalogApi([component('cart')]);
    renderInApp({ plugins: [catalogPlugin], catalogApi: api, path: '/catalog' });
    await screen.findByText('1 entity');
    fireEvent.click(screen.getByRole('button', { name: /^Type/ }));
    await waitFor(() =>
      expect(api.queries.at(-1)).toMatchObject({ orderField: { field: 'spec.type', order: 'asc' } }),
    );
    fireEvent.click(screen.getByRole('button', { name: /^Type/ }));
    await waitFor(() =>
      expect(api.queries.at(-1)).toMatchObject({ orderField: { field: 'spec.type', order: 'desc' } }),
    );
  });

  it('filters to what the user owns', async () => {
    const api = new InMemoryCatalogApi([component('cart')]);
    renderInApp({
      plugins: [catalogPlugin],
      catalogApi: api,
      path: '/catalog?scope=owned',
      session: testSession(['user:default/jane', 'group:default/team-a']),
    });
    await screen.findByText('1 entity');
    expect(api.queries[0]).toMatchObject({
      filter: { kind: ['component'], 'relations.ownedBy': ['user:default/jane', 'group:default/team-a'] },
    });
  });

  it('pages forward with the cursor the catalog returned', async () => {
    const api = new InMemoryCatalogApi(
      Array.from({ length: 25 }, (_, i) => component(`svc-${String(i).padStart(2, '0')}`)),
    );
    renderInApp({ plugins: [catalogPlugin], catalogApi: api, path: '/catalog' });
    await screen.findByText('25 entities');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(api.queries.at(-1)).toMatchObject({ cursor: 'next' }));
  });

  it('says so when nothing matches', async () => {
    renderInApp({ plugins: [catalogPlugin], catalogApi: new InMemoryCatalogApi([]), path: '/catalog' });
    expect(await screen.findByText('No entities match')).toBeTruthy();
  });
});
