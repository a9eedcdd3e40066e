import type { BackendFeature } from '@greenroom/backend-plugin-api';
import { appPlugin } from '@greenroom/plugin-app-backend';
import { catalogPlugin } from '@greenroom/plugin-catalog-backend';

/**
 * Everything the portal installs. The backend (`index.ts`) and the `greenroom` CLI
 * (`cli.ts`) both read this list, so `greenroom config schema` always describes
 * exactly the plugins the portal runs, and `greenroom catalog validate` uses exactly
 * the entity model they declare.
 */
export const features: BackendFeature[] = [appPlugin, catalogPlugin];
