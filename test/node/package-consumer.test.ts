import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER_ENTRIES, ConsumerProject } from '../support/consumer-project.ts';
import { npmPack, packLibrary, repoRoot, run, type PackResult } from '../support/library-build.ts';

interface PackageJson {
  name: string;
  type?: string;
  exports: Record<string, { types: string; import: string } | string>;
  sideEffects: unknown;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

const PEERS = ['react', 'react-dom', '@tanstack/react-query'];
/** Gateway-side packages: a browser bundle that pulled one of these in would be broken or bloated. */
const SERVER_ONLY = ['fastify', '@fastify/websocket', 'ws', 'better-sqlite3', 'node-pty', '@kubernetes/client-node', 'jose', 'selfsigned'];
const SHIPPED = (path: string) => path === 'package.json' || /^(README|LICENSE|LICENCE)/i.test(path) || path.startsWith('dist/');

let work = '';
let packed: PackResult;
let manifest: PackageJson;
let consumer: ConsumerProject;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'kv-pack-'));
  mkdirSync(join(work, 'stage'));
  packed = await packLibrary(join(work, 'stage'), join(work, 'out'));
  manifest = JSON.parse(await run('tar', ['-xzOf', packed.tarball, 'package/package.json'], work)) as PackageJson;
  consumer = new ConsumerProject(join(work, 'consumer'));
  consumer.scaffold(packed.tarball, CONSUMER_ENTRIES);
  await consumer.install();
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The package a bare import specifier names (`@scope/name/sub` -> `@scope/name`). */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Bare specifiers of every static, re-export, side-effect and dynamic import in an ES module. */
function bareImports(code: string): string[] {
  const pattern = /(?:^\s*(?:import|export)\b[^;]*?\bfrom\s*|^\s*import\s*|\bimport\(\s*)["']([^"'./][^"']*)["']/gm;
  return [...code.matchAll(pattern)].map((match) => match[1] ?? '');
}

describe('npm pack of @kubevision/kit', () => {
  it('holds only dist/ with the ESM entries, their declarations and the stylesheet', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining([
      'package.json',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/core.js',
      'dist/core/index.d.ts',
      'dist/kit.css',
    ]));
    expect(paths.filter((path) => !SHIPPED(path))).toEqual([]);
    expect(paths.filter((path) => /(^|\/)(src|server|test|sim|demo|stories|bench)\/|\.test\.|\.stories\./.test(path))).toEqual([]);
    expect(manifest.type).toBe('module');
    expect(readFileSync(join(consumer.dir, 'node_modules/@kubevision/kit/dist/kit.css'), 'utf8')).toMatch(/\.kv-[\w-]+/);
  });

  it("lists no source, server or test file when packed from the repository's working tree", async () => {
    const dryRun = await npmPack(repoRoot, repoRoot, true);
    expect(dryRun.files.map((file) => file.path).filter((path) => !SHIPPED(path))).toEqual([]);
  });

  it('maps every export to a file in the tarball, with types first for TypeScript', () => {
    const paths = new Set(packed.files.map((file) => file.path));
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    expect(manifest.exports['./core']).toEqual({ types: './dist/core/index.d.ts', import: './dist/core.js' });
    expect(manifest.exports['./resource']).toEqual({ types: './dist/resource/index.d.ts', import: './dist/resource.js' });
    expect(manifest.exports['./styles.css']).toBe('./dist/kit.css');
    for (const [entry, target] of Object.entries(manifest.exports)) {
      const files = typeof target === 'string' ? [target] : Object.values(target);
      if (typeof target !== 'string') expect(Object.keys(target)[0], entry).toBe('types');
      for (const file of files) expect(paths.has(file.replace(/^\.\//, '')), `${entry} -> ${file}`).toBe(true);
    }
  });

  it('limits sideEffects to stylesheets, so bundlers may drop any unused module', () => {
    expect(Array.isArray(manifest.sideEffects)).toBe(true);
    const patterns = manifest.sideEffects as string[];
    expect(patterns.length).toBeGreaterThan(0);
    expect(patterns.filter((pattern) => !pattern.endsWith('.css'))).toEqual([]);
  });

  it('takes React and React Query as peers and no gateway package as a dependency', () => {
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual([...PEERS].sort());
    expect(Object.keys(manifest.dependencies).filter((name) => PEERS.includes(name) || SERVER_ONLY.includes(name))).toEqual([]);
  });

  it('declares every package its built code imports', () => {
    const dist = join(consumer.dir, 'node_modules/@kubevision/kit/dist');
    // `./resource` imports the React layer by the package's own name, which its exports map resolves.
    const declared = new Set([manifest.name, ...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
    const imported = readdirSync(dist)
      .filter((file) => file.endsWith('.js'))
      .flatMap((file) => bareImports(readFileSync(join(dist, file), 'utf8')).map((specifier) => `${file}: ${specifier}`));
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((entry) => !declared.has(packageOf(entry.split(': ')[1] ?? '')))).toEqual([]);
  });
});

describe('a consumer project that installs the tarball', () => {
  it('gets the kit from the tarball, with its dependencies installed beside it', () => {
    const kit = join(consumer.dir, 'node_modules/@kubevision/kit');
    expect(lstatSync(kit).isSymbolicLink()).toBe(false);
    expect(existsSync(join(kit, 'dist/index.js'))).toBe(true);
    expect(existsSync(join(kit, 'src'))).toBe(false);
    const missing = Object.keys(manifest.dependencies).filter(
      (name) => !existsSync(join(kit, 'node_modules', name, 'package.json')) && !existsSync(join(consumer.dir, 'node_modules', name, 'package.json')),
    );
    expect(missing).toEqual([]);
  });

  it('type-checks its use of every component and hook with moduleResolution bundler', async () => {
    await expect(consumer.typecheck('tsconfig.json')).resolves.toBeUndefined();
  }, 120_000);

  it('type-checks the same code with NodeNext resolution, so the declarations resolve as Node resolves them', async () => {
    await expect(consumer.typecheck('tsconfig.nodenext.json')).resolves.toBeUndefined();
  }, 120_000);

  it('bundles an import of each component with vite, against one copy of React', async () => {
    const report = await consumer.bundle();
    for (const entry of Object.keys(CONSUMER_ENTRIES)) {
      const name = entry.replace(/\.tsx?$/, '');
      expect(report.files.some((file) => file.startsWith(`assets/${name}-`) && file.endsWith('.js')), name).toBe(true);
    }
    const copiesOf = (pkg: string) => new Set(report.modules.flatMap((id) => {
      const match = new RegExp(`^\\0?(.*/node_modules/${pkg})/`).exec(id);
      return match?.[1] ? [match[1]] : [];
    }));
    expect([...copiesOf('react')]).toEqual([join(consumer.dir, 'node_modules/react')]);
    expect([...copiesOf('react-dom')]).toEqual([join(consumer.dir, 'node_modules/react-dom')]);
    expect(report.modules.filter((id) => id.includes('jsx-dev-runtime'))).toEqual([]);
    const kitModules = report.modules.filter((id) => id.includes('/node_modules/@kubevision/kit/'));
    expect(kitModules.filter((id) => !id.startsWith(join(consumer.dir, 'node_modules/@kubevision/kit/dist/')))).toEqual([]);
    expect(kitModules.length).toBeGreaterThan(0);
    expect(report.modules.filter((id) => id.startsWith(repoRoot))).toEqual([]);
    const css = report.files.filter((file) => file.endsWith('.css')).map((file) => consumer.read(join('dist', file))).join('\n');
    expect(css).toMatch(/\.kv-[\w-]+/);
  }, 120_000);
});
