export { AllowedDirectories, FILE_DIRECTORIES_CONFIG_KEY } from './allowed-directories.js';
export {
  type AllowedKindsRule,
  CATALOG_RULES_CONFIG_KEY,
  catalogLocationRuleSchema,
  catalogRuleSchema,
  createAllowedKindsRule,
  notAllowedByRulesError,
} from './allowed-kinds-rule.js';
export { MANAGED_BY_LOCATION, MANAGED_BY_ORIGIN_LOCATION, SOURCE_LOCATION } from './annotate-entity.js';
export { isGlobPattern, type LocationSpec, locationSpecSchema } from './location-spec.js';
export { resolveLocationTargets } from './location-targets.js';
export { type ReadLocationContext, readLocation } from './read-location.js';
export {
  DEFAULT_READ_LOCATION_LIMITS,
  type ReadLocationLimits,
  type ReadLocationLimitsInput,
  readLocationLimitsSchema,
} from './read-location-limits.js';
export type { ReadEntity, ReadLocationError, ReadLocationResult } from './read-location-result.js';
