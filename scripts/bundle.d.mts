// Types of bundle.mjs, for the TypeScript tests that call it.

/** The repository root (the folder holding the root package.json). */
export declare const repoRoot: string;

/** The portal's entry points, by output name: `index` (the backend) and `cli` (`greenroom`). */
export declare const portalEntryPoints: Readonly<{ index: string; cli: string }>;

/** The npm packages every workspace depends on; they stay external in a bundle. */
export declare function externalDependencies(): string[];

/** Bundles TypeScript entry points into `<outdir>/<name>.mjs`; see bundle.mjs. */
export declare function bundle(options: {
  entryPoints: Record<string, string>;
  outdir: string;
}): Promise<{ durationMs: number }>;

/** Bundles the portal (`index.mjs`, `cli.mjs`) into `outdir` (default `apps/portal/dist`). */
export declare function buildPortal(options?: { outdir?: string }): Promise<{ durationMs: number }>;

/** Bundles entry points into a fresh temp folder linking the repository's node_modules; see bundle.mjs. */
export declare function bundleToTempDir(
  entryPoints: Record<string, string>,
): Promise<{ dir: string; durationMs: number }>;

/** The web app's Vite config file. */
export declare const webConfigFile: string;

/** Where the built web app goes (`apps/portal/dist/web`). */
export declare const webOutDir: string;

/** Whether the built web app is missing or older than its sources. */
export declare function webBuildIsStale(): boolean;

/** Builds the web app with Vite into `outDir` (default `apps/portal/dist/web`); see bundle.mjs. */
export declare function buildWeb(options?: {
  outDir?: string;
  quiet?: boolean;
  manifest?: boolean;
}): Promise<{ durationMs: number }>;
