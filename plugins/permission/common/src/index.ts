export { isPermittedByRestrictions, type PermissionRestrictions } from './access-restrictions.js';
export {
  type AuthorizePermissionRequest,
  type AuthorizePermissionResponse,
  type AuthorizeRequestBody,
  type AuthorizeResponseBody,
  authorizeRequestSchema,
  authorizeResponseSchema,
  type QueryPermissionRequest,
  type QueryPermissionResponse,
} from './api.js';
export {
  criteriaDepth,
  evaluateCriteria,
  exceedsJsonDepth,
  MAX_CRITERIA_DEPTH,
  mapCriteria,
  permissionCriteriaSchema,
} from './criteria.js';
export {
  AuthorizeResult,
  type DefinitivePolicyDecision,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from './decisions.js';
export {
  type BasicPermission,
  createPermission,
  isResourcePermission,
  type Permission,
  type PermissionAction,
  type PermissionAttributes,
  type ResourcePermission,
} from './permission.js';
export {
  APPLY_CONDITIONS_PATH,
  type ApplyConditionsRequestBody,
  type ApplyConditionsResponseBody,
  applyConditionsRequestSchema,
  applyConditionsResponseSchema,
  MAX_APPLY_CONDITIONS_ITEMS,
  PERMISSION_METADATA_PATH,
  type PermissionMetadata,
  type PermissionRuleMetadata,
  permissionMetadataSchema,
} from './well-known.js';
