import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file of the built web app, held in memory (the bundle is small). */
export interface WebAsset {
  body: Buffer;
  /**
   * The gzipped body for compressible files worth compressing, else undefined. Made on
   * the first request and kept: most of a build is source maps that are rarely fetched,
   * and compressing all of it would add a second of CPU to every start.
   */
  gzip(): Buffer | undefined;
  contentType: string;
  /** Hashed file names never change content: cache them for a year. */
  immutable: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);
/** Vite names built files `<name>-<hash>.<ext>`, with an 8-character base64url hash. */
const HASHED = /-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/;
const MAX_FILES = 5_000;

/**
 * Reads every file of a built web app (Vite's `dist`) into memory, keyed by URL
 * path (`/assets/index-AbC123xy.js`); what compresses is gzipped when first asked for. Returns an empty map
 * when the folder does not exist.
 *
 * @example
 * const assets = loadWebAssets('/srv/greenroom/web');
 * assets.get('/index.html')?.contentType; // 'text/html; charset=utf-8'
 */
export function loadWebAssets(dir: string): Map<string, WebAsset> {
  const assets = new Map<string, WebAsset>();
  const walk = (folder: string, urlPrefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      const urlPath = `${urlPrefix}/${entry.name}`;
      if (entry.isDirectory()) {
        walk(file, urlPath);
        continue;
      }
      if (!entry.isFile()) continue;
      if (assets.size >= MAX_FILES) throw new Error(`Web app folder ${dir} has more than ${MAX_FILES} files`);
      const ext = path.extname(entry.name).toLowerCase();
      const body = readFileSync(file);
      assets.set(urlPath, {
        body,
        gzip: COMPRESSIBLE.has(ext) && body.length > 1024 ? lazyGzip(body) : () => undefined,
        contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
        immutable: urlPrefix.startsWith('/assets') && HASHED.test(entry.name),
      });
    }
  };
  try {
    if (!statSync(dir).isDirectory()) return assets;
  } catch {
    return assets;
  }
  walk(dir, '');
  return assets;
}

function lazyGzip(body: Buffer): () => Buffer | undefined {
  let made = false;
  let gzip: Buffer | undefined;
  return () => {
    if (!made) {
      const compressed = gzipSync(body, { level: 9 });
      gzip = compressed.length < body.length ? compressed : undefined;
      made = true;
    }
    return gzip;
  };
}
