import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collectConfigSchemas } from '@greenroom/backend';
import type { BackendFeature } from '@greenroom/backend-plugin-api';
import { createAppPlugin } from '@greenroom/plugin-app-backend';
import {
  authModuleAtlassianProvider,
  authModuleBitbucketProvider,
  authModuleGithubProvider,
  authModuleGitlabProvider,
  authModuleGoogleProvider,
  authModuleGuestProvider,
  authModuleMicrosoftProvider,
  authModuleOidcProvider,
  authModuleOneloginProvider,
  authPlugin,
} from '@greenroom/plugin-auth-backend';
import { catalogPlugin } from '@greenroom/plugin-catalog-backend';
import { permissionPlugin } from '@greenroom/plugin-permission-backend';
import { proxyPlugin } from '@greenroom/plugin-proxy-backend';

/**
 * The built web app: `dist/web` next to the bundled backend (`dist/index.mjs`), or
 * `../dist/web` when running from the TypeScript sources.
 */
function webDir(): string {
  const candidates = [new URL('./web', import.meta.url), new URL('../dist/web', import.meta.url)].map((url) =>
    fileURLToPath(url),
  );
  return candidates.find((dir) => existsSync(`${dir}/index.html`)) ?? candidates[0]!;
}

/**
 * Everything the portal installs. The backend (`index.ts`) and the `greenroom` CLI
 * (`cli.ts`) both read this list, so `greenroom config schema` always describes
 * exactly the plugins the portal runs, and `greenroom catalog validate` uses exactly
 * the entity model they declare. The app plugin sends the browser the config keys
 * that any of them marks `frontend`.
 */
export const features: BackendFeature[] = [
  createAppPlugin({ webDir: webDir(), configSchemas: () => collectConfigSchemas(features) }),
  catalogPlugin,
  authPlugin,
  // Every sign-in provider is installed; a provider is offered once auth.providers configures it.
  authModuleGuestProvider,
  authModuleOidcProvider,
  authModuleGithubProvider,
  authModuleGitlabProvider,
  authModuleGoogleProvider,
  authModuleMicrosoftProvider,
  authModuleBitbucketProvider,
  authModuleAtlassianProvider,
  authModuleOneloginProvider,
  permissionPlugin,
  proxyPlugin,
];
