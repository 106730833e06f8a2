/**
 * `npm run build:gateway`: the gateway as plain JavaScript for `node`, without tsx and without the
 * repository's node_modules. Everything is bundled into dist-server/main.js except the two native
 * addons, whose runtime files (JavaScript and the compiled .node, no sources or build objects) are
 * copied to dist-server/node_modules. The directory runs anywhere with the same Node major, libc
 * and CPU as the build: `node --enable-source-maps dist-server/main.js`.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = resolve(root, process.argv[2] ?? 'dist-server');

/** Native addons and the packages they load at run time, with the paths they need, relative to the package. */
const NATIVE: Record<string, readonly string[]> = {
  'better-sqlite3': ['package.json', 'lib', 'build/Release/better_sqlite3.node'],
  bindings: ['package.json', 'bindings.js'],
  'file-uri-to-path': ['package.json', 'index.js'],
  'node-pty': ['package.json', 'lib', 'build/Release/pty.node'],
};
// pg-native is pg's optional libpq binding, loaded only through `pg.native`, which the gateway never
// touches: it is not installed, so it stays an import the bundle never resolves.
const EXTERNAL = ['better-sqlite3', 'node-pty', 'pg-native'];

function copyRuntimeFiles(name: string, paths: readonly string[]): void {
  const from = join(root, 'node_modules', name);
  const to = join(out, 'node_modules', name);
  for (const path of paths) {
    const source = join(from, path);
    if (!existsSync(source)) throw new Error(`${name}: ${path} is missing; run npm ci (it compiles the native addons)`);
    cpSync(source, join(to, path), { recursive: true, filter: (src) => !src.endsWith('.map') && !src.endsWith('.test.js') });
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'server/main.ts')],
  outfile: join(out, 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  sourcemap: true,
  legalComments: 'linked',
  // Bundled CommonJS packages call require() for Node built-ins; an ES module has none of its own.
  banner: { js: "import { createRequire as __kvCreateRequire } from 'node:module'; const require = __kvCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
writeFileSync(join(out, 'package.json'), `${JSON.stringify({ name: 'kubevision-gateway', private: true, type: 'module', main: 'main.js' }, null, 2)}\n`);
for (const [name, paths] of Object.entries(NATIVE)) copyRuntimeFiles(name, paths);
console.log(`gateway built in ${out}: main.js and node_modules/${readdirSync(join(out, 'node_modules')).join(', node_modules/')}`);
