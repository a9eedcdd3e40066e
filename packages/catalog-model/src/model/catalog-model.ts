import type { Entity } from '../entity/entity.js';
import type { EntityValidationIssue } from '../validation/issue.js';
import type { CompiledModel } from './compiled-model.js';
import { describeModelForAi } from './describe-for-ai.js';
import { entityJsonSchema } from './entity-json-schema.js';
import { type CatalogModelDescription, introspectModel } from './introspect.js';
import { mergeFragments } from './merge-fragments.js';
import type { JsonSchemaObject, ModelFragment } from './model-fragment.js';
import { normalizeEntityWithModel } from './normalize-entity.js';
import { type RelationTriple, relationsOfEntity } from './relations-of.js';
import { type ValidateEntityOptions, validateEntityWithModel } from './validate-entity.js';

/**
 * The entity model compiled from fragments: validates entities, derives their relations,
 * normalizes them for hashing and describes itself for the API, editors and AI tools.
 */
export interface CatalogModel {
  /**
   * Every problem with an entity: the envelope (unknown root fields, apiVersion, kind),
   * metadata formats, the kind+apiVersion being installed, the spec against the kind's
   * schema, declared annotation and label values, relation field refs, and keys differing
   * only in case. An empty list means valid.
   *
   * @example
   * model.validateEntity({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'x' }, spec: {} });
   * // [{ path: ['spec', 'type'], message: '"spec.type" is required' }, …]
   */
  validateEntity(entity: unknown, options?: ValidateEntityOptions): EntityValidationIssue[];
  /**
   * The relations an entity's relation fields imply, both directions, refs canonical and
   * lowercase, relative refs completed from the field's default kind and namespace, without
   * duplicates. Refs that do not parse are skipped (`validateEntity` reports them).
   *
   * @example
   * model.relationsOf(component);
   * // [{ source: 'component:default/checkout', type: 'ownedBy', target: 'group:default/payments' },
   * //  { source: 'group:default/payments', type: 'ownerOf', target: 'component:default/checkout' }]
   */
  relationsOf(entity: Entity): RelationTriple[];
  /**
   * The entity with `metadata.namespace` defaulted and list-valued relation fields sorted, as
   * hashed for change detection. Does not change its input.
   *
   * @example
   * model.normalizeEntity(user).spec?.memberOf; // ['admins', 'team-a']
   */
  normalizeEntity(entity: Entity): Entity;
  /**
   * The model as plain JSON (kinds, spec schemas, relations, relation fields, annotations,
   * labels, with their sources), for `GET /api/catalog/model`.
   *
   * @example
   * model.introspect().kinds.map((kind) => kind.kind); // ['Component', 'API', …]
   */
  introspect(): CatalogModelDescription;
  /**
   * A draft-07 JSON Schema for catalog-info.yaml documents, with per-kind spec schemas, for
   * YAML editors.
   *
   * @example
   * const schema = model.toJsonSchema(); // { $schema: 'http://json-schema.org/draft-07/schema#', … }
   */
  toJsonSchema(): JsonSchemaObject;
  /**
   * A short markdown summary of the model for AI tools.
   *
   * @example
   * const prompt = `${model.describeForAi()}\nWrite a catalog-info.yaml for …`;
   */
  describeForAi(): string;
}

/**
 * Compiles fragments into a {@link CatalogModel}. Declarations of the same thing in several
 * fragments must agree (else a `ConflictError` names both sources); relation fields must use
 * declared relation types and kinds. Schemas are converted once, here.
 *
 * @example
 * const model = compileModel([builtinModelFragment, myPluginFragment]);
 * model.validateEntity(entity);
 */
export function compileModel(fragments: readonly ModelFragment[]): CatalogModel {
  return new DefaultCatalogModel(mergeFragments(fragments));
}

class DefaultCatalogModel implements CatalogModel {
  readonly #model: CompiledModel;
  #jsonSchema: JsonSchemaObject | undefined;
  #aiDescription: string | undefined;

  constructor(model: CompiledModel) {
    this.#model = model;
  }

  validateEntity(entity: unknown, options: ValidateEntityOptions = {}): EntityValidationIssue[] {
    return validateEntityWithModel(this.#model, entity, options);
  }

  relationsOf(entity: Entity): RelationTriple[] {
    return relationsOfEntity(this.#model, entity);
  }

  normalizeEntity(entity: Entity): Entity {
    return normalizeEntityWithModel(this.#model, entity);
  }

  introspect(): CatalogModelDescription {
    return introspectModel(this.#model);
  }

  toJsonSchema(): JsonSchemaObject {
    this.#jsonSchema ??= entityJsonSchema(this.#model);
    return structuredClone(this.#jsonSchema);
  }

  describeForAi(): string {
    this.#aiDescription ??= describeModelForAi(this.#model);
    return this.#aiDescription;
  }
}
