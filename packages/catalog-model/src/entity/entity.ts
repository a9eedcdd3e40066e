/** The namespace of entities that do not name one. */
export const DEFAULT_NAMESPACE = 'default';

/**
 * An external link shown on an entity's page (`metadata.links[]`).
 *
 * @example
 * const link: EntityLink = { url: 'https://grafana.example.com/d/checkout', title: 'Dashboard' };
 */
export interface EntityLink {
  url: string;
  title?: string;
  icon?: string;
  type?: string;
}

/**
 * The `metadata` block of an entity. Keys other than the listed ones are allowed and kept.
 *
 * @example
 * const metadata: EntityMeta = { name: 'checkout', tags: ['java'], annotations: { 'backstage.io/techdocs-ref': 'dir:.' } };
 */
export interface EntityMeta {
  name: string;
  namespace?: string;
  title?: string;
  description?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  tags?: string[];
  links?: EntityLink[];
  /** Output only: the catalog's id of the entity. */
  uid?: string;
  /** Output only: changes whenever the stored entity changes. */
  etag?: string;
  [key: string]: unknown;
}

/**
 * One relation on a stored entity: the relation type and the canonical ref of its target.
 *
 * @example
 * const relation: EntityRelation = { type: 'ownedBy', targetRef: 'group:default/payments' };
 */
export interface EntityRelation {
  type: string;
  targetRef: string;
}

/**
 * One status item the catalog attaches to a stored entity, e.g. a processing error.
 *
 * @example
 * const item: EntityStatusItem = { type: 'backstage.io/catalog-processing', level: 'error', message: 'InputError: …' };
 */
export interface EntityStatusItem {
  type: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  error?: { name: string; message: string; stack?: string; code?: string };
}

/**
 * An entity as written in a catalog-info.yaml file, or as served by the catalog (then with
 * `relations` and `status`, which are output only).
 *
 * @example
 * const entity: Entity = {
 *   apiVersion: 'backstage.io/v1alpha1',
 *   kind: 'Component',
 *   metadata: { name: 'checkout' },
 *   spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
 * };
 */
export interface Entity {
  apiVersion: string;
  kind: string;
  metadata: EntityMeta;
  spec?: Record<string, unknown>;
  relations?: EntityRelation[];
  status?: { items?: EntityStatusItem[] };
}

/**
 * The three parts that identify an entity. Case is kept as given; compare refs through
 * `stringifyEntityRef`, which lowercases.
 *
 * @example
 * const ref: CompoundEntityRef = { kind: 'Component', namespace: 'default', name: 'checkout' };
 */
export interface CompoundEntityRef {
  kind: string;
  namespace: string;
  name: string;
}
