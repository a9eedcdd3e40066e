#!/usr/bin/env node
// Builds apps/portal/dist (index.mjs, cli.mjs) with esbuild; see bundle.mjs. Takes well
// under a second. `--quiet` prints nothing on success.
import { buildPortal } from './bundle.mjs';

const { durationMs } = await buildPortal();
if (!process.argv.includes('--quiet')) console.log(`Built apps/portal/dist in ${durationMs} ms`);
