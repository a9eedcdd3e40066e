#!/usr/bin/env node
// Builds apps/portal/dist (index.mjs, cli.mjs) with esbuild, and the web app into
// apps/portal/dist/web with Vite when its sources changed since the last build
// (`--web` forces it); see bundle.mjs. `--quiet` prints nothing on success.
import { buildPortal, buildWeb, webBuildIsStale } from './bundle.mjs';

const quiet = process.argv.includes('--quiet');
const { durationMs } = await buildPortal();
if (!quiet) console.log(`Built apps/portal/dist in ${durationMs} ms`);
if (process.argv.includes('--web') || webBuildIsStale()) {
  if (quiet) console.log('Building the web app (its sources changed)…');
  const web = await buildWeb({ quiet });
  if (!quiet) console.log(`Built apps/portal/dist/web in ${web.durationMs} ms`);
}
