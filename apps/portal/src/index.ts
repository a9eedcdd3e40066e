import { createBackend } from '@greenroom/backend';
import { features } from './features.js';
import { reportStartupFailure } from './startup-failure.js';

const backend = createBackend();
for (const feature of features) backend.add(feature);
backend.start().catch((error: unknown) => {
  reportStartupFailure(error);
  process.exit(1);
});
