// First: V8 flags that must hold before anything else allocates.
import './v8-flags.js';
import { createBackend } from '@greenroom/backend';
import { features } from './features.js';
import { reportStartupFailure } from './startup-failure.js';

const backend = createBackend();
for (const feature of features) backend.add(feature);
backend.start().catch((error: unknown) => {
  reportStartupFailure(error);
  process.exit(1);
});
