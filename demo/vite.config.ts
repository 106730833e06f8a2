/**
 * The demo dashboard (`npm run dev`). It imports the kit by its published names; these aliases
 * point them at the sources, so a change in src/ shows up at once.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { devGateway } from './dev-gateway-plugin.js';

const fromRepo = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export default defineConfig({
  root: fromRepo('demo'),
  // Its own cache: other vite users of this repository (vitest, Storybook) keep theirs.
  cacheDir: fromRepo('node_modules/.vite-demo'),
  plugins: [react(), devGateway()],
  resolve: {
    alias: [
      { find: /^@kubevision\/kit$/, replacement: fromRepo('src/index.ts') },
      { find: /^@kubevision\/kit\/core$/, replacement: fromRepo('src/core/index.ts') },
      { find: /^@kubevision\/kit\/resource$/, replacement: fromRepo('src/resource/index.ts') },
      { find: /^@kubevision\/kit\/audit$/, replacement: fromRepo('src/audit/index.ts') },
      // src/index.ts imports the theme itself; the alias keeps the consumer's import working.
      { find: /^@kubevision\/kit\/styles\.css$/, replacement: fromRepo('src/styles/theme.css') },
    ],
  },
  // The kit loads these only when a terminal or a player mounts: pre-bundled up front, so that their
  // discovery never reloads the page in the middle of a session.
  optimizeDeps: {
    include: ['@xterm/xterm', '@xterm/addon-fit', '@xterm/addon-webgl', '@xterm/addon-search', '@xterm/addon-web-links', 'asciinema-player'],
  },
  server: { port: 5173, strictPort: false },
  build: { outDir: fromRepo('demo/dist'), emptyOutDir: true },
});
