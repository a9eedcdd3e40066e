export { builtinModelFragment } from './builtin/builtin-fragment.js';
export { BUILTIN_API_VERSIONS } from './builtin/software-kinds.js';
export {
  type CompoundEntityRef,
  DEFAULT_NAMESPACE,
  type Entity,
  type EntityLink,
  type EntityMeta,
  type EntityRelation,
  type EntityStatusItem,
} from './entity/entity.js';
export {
  type EntityRefDefaults,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from './entity/entity-ref.js';
export {
  isJavascriptUrl,
  type LocationRef,
  parseLocationRef,
  stringifyLocationRef,
} from './entity/location-ref.js';
export { type CatalogModel, compileModel } from './model/catalog-model.js';
export type { CatalogModelDescription, MetadataKeyDescription } from './model/introspect.js';
export {
  defineModelFragment,
  type JsonSchemaObject,
  type KindDeclaration,
  type MetadataKeyDeclaration,
  type ModelFragment,
  type RelationDeclaration,
  type RelationFieldDeclaration,
  type SchemaInput,
} from './model/model-fragment.js';
export type { RelationTriple } from './model/relations-of.js';
export type { ValidateEntityOptions } from './model/validate-entity.js';
export {
  findPlaceholders,
  type PlaceholderKind,
  type PlaceholderProblem,
  type PlaceholderSite,
} from './parsing/find-placeholders.js';
export {
  type EntityYamlError,
  type ParsedEntityDocument,
  type ParsedEntityYaml,
  type ParseEntityYamlOptions,
  parseEntityYaml,
  type TextPosition,
} from './parsing/parse-entity-yaml.js';
export { type FieldRule, type FieldRuleName, fieldRules } from './validation/field-rules.js';
export {
  type EntityValidationIssue,
  formatJsonPath,
  invalidFieldMessage,
  type JsonPathSegment,
} from './validation/issue.js';
