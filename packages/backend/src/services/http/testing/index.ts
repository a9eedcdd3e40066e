export { type LogLine, TestLogger } from '@greenroom/test-utils';
export { gate, httpGet, type RawResponse } from './http-client.js';
export { type RecordedHook, TestLifecycle } from './test-lifecycle.js';
export { startTestRootHttpRouter, type TestRootHttpRouter } from './test-root-http-router.js';
