export type { CliOutput } from './cli-command.js';
export { type RunCliOptions, runCli } from './run-cli.js';
export { addYamlSchemaSetting, type SettingsChange } from './vscode-settings.js';
