export { gate, httpGet, type RawResponse } from './http-client.js';
export { type RecordedHook, TestLifecycle } from './test-lifecycle.js';
export { type LogLine, TestLogger } from './test-logger.js';
export { startTestRootHttpRouter, type TestRootHttpRouter } from './test-root-http-router.js';
