/** Facts about the plugin a service instance belongs to. */
export interface PluginMetadata {
  getId(): string;
}
