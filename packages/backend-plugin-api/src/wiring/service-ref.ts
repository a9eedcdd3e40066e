/**
 * Root services exist once per backend; plugin services once per plugin that uses them.
 */
export type ServiceScope = 'root' | 'plugin';

/**
 * A typed handle for a service. Plugins list refs as dependencies and receive the
 * implementation the backend wired for them.
 *
 * @example
 * const clockRef = createServiceRef<Clock>({ id: 'example.clock', scope: 'root' });
 */
export interface ServiceRef<TService, TScope extends ServiceScope = ServiceScope> {
  readonly $$type: '@greenroom/ServiceRef';
  readonly id: string;
  readonly scope: TScope;
  /** Used by the backend when the app installs no factory for this ref. */
  readonly defaultFactory?: ServiceFactory<TService, TScope>;
  /** Carries the service type; never set at runtime. */
  readonly T?: TService;
}

/** Creates a {@link ServiceRef}. Ids are dotted names, unique across the backend. */
export function createServiceRef<TService>(options: {
  id: string;
  scope: 'root';
  defaultFactory?: (ref: ServiceRef<TService, 'root'>) => ServiceFactory<TService, 'root'>;
}): ServiceRef<TService, 'root'>;
export function createServiceRef<TService>(options: {
  id: string;
  scope?: 'plugin';
  defaultFactory?: (ref: ServiceRef<TService, 'plugin'>) => ServiceFactory<TService, 'plugin'>;
}): ServiceRef<TService, 'plugin'>;
export function createServiceRef<TService>(options: {
  id: string;
  scope?: ServiceScope;
  defaultFactory?: (ref: ServiceRef<TService, any>) => ServiceFactory<TService, any>;
}): ServiceRef<TService, ServiceScope> {
  if (!/^[a-z][a-zA-Z0-9]*(?:[.-][a-zA-Z0-9]+)*$/.test(options.id)) {
    throw new Error(`Invalid service ref id '${options.id}': use dotted lowercase names like 'core.logger'`);
  }
  const ref: { -readonly [K in keyof ServiceRef<TService>]: ServiceRef<TService>[K] } = {
    $$type: '@greenroom/ServiceRef',
    id: options.id,
    scope: options.scope ?? 'plugin',
  };
  if (options.defaultFactory) ref.defaultFactory = options.defaultFactory(ref as ServiceRef<TService, any>);
  return Object.freeze(ref);
}

/** A map of dependency names to service refs. */
export type ServiceDeps = Record<string, ServiceRef<unknown>>;

/** The implementations for a map of dependency refs. */
export type ResolvedDeps<TDeps> = {
  [K in keyof TDeps]: TDeps[K] extends ServiceRef<infer T, any> ? T : never;
};

/** Only root services: what root factories and `createRootContext` may depend on. */
export type RootServiceDeps = Record<string, ServiceRef<unknown, 'root'>>;

/**
 * Tells the backend how to build a service. Installing a factory for a ref replaces
 * the default one. Plugin-scoped factories are called once per plugin; the optional
 * `createRootContext` runs once and its result is shared by all plugin instances
 * (a connection pool, a shared cache client).
 */
export interface ServiceFactory<TService = unknown, TScope extends ServiceScope = ServiceScope> {
  readonly $$type: '@greenroom/ServiceFactory';
  readonly service: ServiceRef<TService, TScope>;
  readonly deps: ServiceDeps;
  readonly rootDeps: ServiceDeps;
  createRootContext?(rootDeps: any): unknown;
  factory(deps: any, context: any): TService | Promise<TService>;
}

/**
 * Creates a factory for a root service.
 *
 * @example
 * createServiceFactory({
 *   service: clockRef,
 *   deps: { logger: coreServices.rootLogger },
 *   factory: ({ logger }) => new SystemClock(logger),
 * });
 */
export function createServiceFactory<TService, TDeps extends RootServiceDeps>(options: {
  service: ServiceRef<TService, 'root'>;
  deps: TDeps;
  factory(deps: ResolvedDeps<TDeps>): TService | Promise<TService>;
}): ServiceFactory<TService, 'root'>;
/**
 * Creates a factory for a plugin service. `createRootContext` may depend on root
 * services only; `factory` may depend on any service and receives the context.
 */
export function createServiceFactory<
  TService,
  TDeps extends ServiceDeps,
  TRootDeps extends RootServiceDeps = Record<string, never>,
  TContext = undefined,
>(options: {
  service: ServiceRef<TService, 'plugin'>;
  rootDeps?: TRootDeps;
  createRootContext?(rootDeps: ResolvedDeps<TRootDeps>): TContext | Promise<TContext>;
  deps: TDeps;
  factory(deps: ResolvedDeps<TDeps>, context: TContext): TService | Promise<TService>;
}): ServiceFactory<TService, 'plugin'>;
export function createServiceFactory(options: {
  service: ServiceRef<unknown>;
  deps: ServiceDeps;
  rootDeps?: ServiceDeps;
  createRootContext?(rootDeps: unknown): unknown;
  factory(deps: unknown, context: unknown): unknown;
}): ServiceFactory {
  if (options.service.scope === 'root') {
    for (const [name, dep] of Object.entries(options.deps)) {
      if (dep.scope !== 'root') {
        throw new Error(
          `Root service '${options.service.id}' cannot depend on plugin service '${dep.id}' (dependency '${name}')`,
        );
      }
    }
  }
  return Object.freeze({
    $$type: '@greenroom/ServiceFactory' as const,
    service: options.service,
    deps: options.deps,
    rootDeps: options.rootDeps ?? {},
    ...(options.createRootContext ? { createRootContext: options.createRootContext } : {}),
    factory: options.factory,
  });
}
