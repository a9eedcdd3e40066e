export { appConfigSchema, appPlugin, appPlugin as default } from './plugin.js';
