// Vite config of the portal's web app. `npm run build` / `npm start` build it into
// apps/portal/dist/web (served by the app plugin); `npm run dev:web` serves it with hot
// reload on http://localhost:3000 and proxies /api to the backend on 7007.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const backend = process.env.GREENROOM_BACKEND_URL ?? 'http://localhost:7007';

/**
 * In dev mode, copies the frontend config the backend injects into its index.html, so
 * the dev server shows the same title, route bindings and so on.
 */
function frontendConfigFromBackend(): Plugin {
  return {
    name: 'greenroom-frontend-config',
    apply: 'serve',
    async transformIndexHtml(html) {
      try {
        const page = await (await fetch(`${backend}/`)).text();
        const script = page.match(/<script id="greenroom-frontend-config"[^>]*>[^<]*<\/script>/)?.[0];
        return script ? html.replace('</head>', () => `${script}</head>`) : html;
      } catch {
        return html; // backend not up yet: defaults apply until reload
      }
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), frontendConfigFromBackend()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The relations graph (ELK) is big but loaded only on its tab.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 3000,
    proxy: { '/api': { target: backend, changeOrigin: false } },
  },
});
