import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import dts from 'vite-plugin-dts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
// `./resource` imports the React layer by the package's own name: one provider context for both
// entries, and the main entry pays no shared-chunk split for it.
const SELF = '@kubevision/kit';
const runtime = [SELF, ...Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })];

/**
 * Library build: `.` is the React layer, `./core` the framework-free core, `./resource` the object
 * view and `./audit` the recorded sessions, both on top of `.` (see package.json exports).
 * Every dependency stays external so the consumer's bundler dedupes and code-splits it (xterm and
 * asciinema-player stay behind their dynamic imports).
 */
export default defineConfig({
  resolve: {
    // Sources that import the kit by its name get the sources (tests, Storybook); the build keeps it external.
    alias: [{ find: /^@kubevision\/kit$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }],
  },
  plugins: [
    react(),
    dts({ tsconfigPath: './tsconfig.build.json', entryRoot: 'src', include: ['src'] }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    lib: {
      entry: { index: 'src/index.ts', core: 'src/core/index.ts', resource: 'src/resource/index.ts', audit: 'src/audit/index.ts' },
      formats: ['es'],
      // The `./styles.css` export points here; without it the name would follow the package name.
      cssFileName: 'kit',
    },
    rollupOptions: {
      external: (id) => runtime.some((name) => id === name || id.startsWith(`${name}/`)),
    },
  },
});
