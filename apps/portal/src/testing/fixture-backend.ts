import { createBackend } from '@greenroom/backend';
import { features } from '../features.js';
import { reportStartupFailure } from '../startup-failure.js';
import { fixturePlugin } from './fixture-plugin.js';

/**
 * The portal plus the fixture plugin, started exactly like `index.ts` starts the
 * portal. The process tests bundle this file and run it as a real process.
 */
const backend = createBackend();
for (const feature of [...features, fixturePlugin]) backend.add(feature);
backend.start().catch((error: unknown) => {
  reportStartupFailure(error);
  process.exit(1);
});
