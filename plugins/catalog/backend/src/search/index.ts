export {
  collectSearchEntries,
  flattenEntity,
  type SearchableEntity,
  type SearchRow,
  searchLimits,
  searchRowFromStored,
  storedOriginalValue,
  toSearchRows,
} from './search-rows.js';
