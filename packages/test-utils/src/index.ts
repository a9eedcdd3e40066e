export {
  startTestBackend,
  TEST_BACKEND_DEFAULT_CONFIG,
  type TestBackend,
  type TestBackendOptions,
} from './backend/startTestBackend.js';
export { type TestCache, type TestCacheId, TestCaches, type TestCachesOptions } from './cache/TestCaches.js';
export { type TestDatabaseId, TestDatabases, type TestDatabasesOptions } from './database/TestDatabases.js';
export type { TestServices } from './globalSetup.js';
export { type LogLine, TestLogger } from './test-logger.js';
export { sleep, waitFor } from './wait-for.js';
