export type { TestServices } from './globalSetup.js';
