export {
  collectSearchEntries,
  flattenEntity,
  type SearchableEntity,
  type SearchRow,
  searchLimits,
  toSearchRows,
} from './search-rows.js';
