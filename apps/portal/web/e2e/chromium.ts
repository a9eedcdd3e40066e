import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium; override with GREENROOM_CHROMIUM. */
export const CHROMIUM_PATH = process.env.GREENROOM_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a headless chromium that reaches only the portal (no updates, sync or QUIC). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Debian's chromium through playwright-core with a fresh profile folder
 * (removed by `close`). Throws, never skips, when chromium is not installed.
 *
 * @example
 * const { context, close } = await launchChromium();
 * const page = await context.newPage();
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No chromium at ${CHROMIUM_PATH}: install it with 'apt-get install -y chromium' (or set GREENROOM_CHROMIUM)`,
    );
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'greenroom-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 860 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
