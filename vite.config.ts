import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import dts from 'vite-plugin-dts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const runtime = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });

/**
 * Library build: `.` is the React layer, `./core` the framework-free core (see package.json exports).
 * Every dependency stays external so the consumer's bundler dedupes and code-splits it (xterm and
 * asciinema-player stay behind their dynamic imports).
 */
export default defineConfig({
  plugins: [
    react(),
    dts({ tsconfigPath: './tsconfig.build.json', entryRoot: 'src', include: ['src'] }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    lib: {
      entry: { index: 'src/index.ts', core: 'src/core/index.ts' },
      formats: ['es'],
      // The `./styles.css` export points here; without it the name would follow the package name.
      cssFileName: 'kit',
    },
    rollupOptions: {
      external: (id) => runtime.some((name) => id === name || id.startsWith(`${name}/`)),
    },
  },
});
