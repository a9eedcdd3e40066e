import { collectConfigSchemas, createBackend, createRootConfigServiceFactory } from '@greenroom/backend';
import { runCli } from '@greenroom/cli';
import { collectModelFragments } from '@greenroom/plugin-catalog-backend';
import { features } from './features.js';
import { reportStartupFailure } from './startup-failure.js';

/** `greenroom <command>`: the CLI assembled with exactly the portal's features. */
process.exitCode = await runCli(process.argv.slice(2), {
  schemas: collectConfigSchemas(features),
  modelFragments: collectModelFragments(features),
  async start({ configPaths }) {
    const backend = createBackend();
    // The files named by `greenroom start --config`; none means the default app-config files.
    backend.add(createRootConfigServiceFactory({ configPaths }));
    for (const feature of features) backend.add(feature);
    await backend.start().catch((error: unknown) => {
      reportStartupFailure(error);
      process.exit(1);
    });
  },
});
