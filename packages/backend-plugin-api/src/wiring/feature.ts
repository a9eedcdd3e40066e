import type { BackendModule, BackendPlugin } from './plugin.js';
import type { ServiceFactory } from './service-ref.js';

/** Anything `backend.add` accepts: plugins, modules and service factories, all plain values. */
export type BackendFeature = BackendPlugin | BackendModule | ServiceFactory<any, any>;

/** A feature, or a dynamic import of a module whose default export is one. */
export type BackendFeatureInput = BackendFeature | Promise<{ default: BackendFeature }>;
