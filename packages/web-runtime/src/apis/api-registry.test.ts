import { describe, expect, it } from 'vitest';
import { createApiFactory, createApiRef } from './api-ref.js';
import { ApiRegistry } from './api-registry.js';

interface Greeter {
  greet(): string;
}
const nameApiRef = createApiRef<{ name: string }>({ id: 'test.name' });
const greeterApiRef = createApiRef<Greeter>({ id: 'test.greeter' });

const defaultGreeter = createApiFactory({
  api: greeterApiRef,
  deps: { nameApi: nameApiRef },
  factory: ({ nameApi }) => ({ greet: () => `Hello ${nameApi.name}` }),
});

describe('ApiRegistry', () => {
  it('builds an API from its dependencies once and reuses it', () => {
    const registry = new ApiRegistry([
      createApiFactory({ api: nameApiRef, deps: {}, factory: () => ({ name: 'Jane' }) }),
      defaultGreeter,
    ]);
    expect(registry.get(greeterApiRef).greet()).toBe('Hello Jane');
    expect(registry.get(greeterApiRef)).toBe(registry.get(greeterApiRef));
  });

  it('lets a later factory (the app) replace a plugin default', () => {
    const registry = new ApiRegistry([
      defaultGreeter,
      createApiFactory({ api: greeterApiRef, deps: {}, factory: () => ({ greet: () => 'Hi from the app' }) }),
    ]);
    expect(registry.get(greeterApiRef).greet()).toBe('Hi from the app');
  });

  it('names the missing API and who needs it', () => {
    const registry = new ApiRegistry([defaultGreeter]);
    expect(() => registry.get(greeterApiRef)).toThrow(
      "No implementation for API 'test.name' (needed by 'test.greeter')",
    );
  });

  it('reports dependency cycles', () => {
    const a = createApiRef<unknown>({ id: 'test.a' });
    const b = createApiRef<unknown>({ id: 'test.b' });
    const registry = new ApiRegistry([
      createApiFactory({ api: a, deps: { b }, factory: () => ({}) }),
      createApiFactory({ api: b, deps: { a }, factory: () => ({}) }),
    ]);
    expect(() => registry.get(a)).toThrow('API dependency cycle: test.a -> test.b -> test.a');
  });

  it('refuses API ids that are not dotted words', () => {
    expect(() => createApiRef({ id: 'Catalog' })).toThrow("Invalid API id 'Catalog'");
  });
});
