import type { BackendFeature } from '@greenroom/backend-plugin-api';
import { appPlugin } from '@greenroom/plugin-app-backend';

/**
 * Everything the portal installs. The backend (`index.ts`) and the `greenroom` CLI
 * (`cli.ts`) both read this list, so `greenroom config schema` always describes
 * exactly the plugins the portal runs.
 */
export const features: BackendFeature[] = [appPlugin];
