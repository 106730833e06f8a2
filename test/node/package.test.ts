import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLibrary, repoRoot as root } from '../support/library-build.ts';
import { lazyOnlyLeaks, measureChecks, overBudget, readSizeChecks, staticClosure } from '../support/size-budget.ts';

let outDir = '';
/** The dist files of the exports map's entries (`.`, `./core`, `./resource`, `./audit`). */
const ENTRIES = ['index.js', 'core.js', 'resource.js', 'audit.js'];

beforeAll(async () => {
  // Built outside the repository, where no node_modules can resolve React for the bundle.
  outDir = join(mkdtempSync(join(tmpdir(), 'kv-build-')), 'dist');
  await buildLibrary(outDir);
}, 120_000);

afterAll(() => {
  if (outDir) rmSync(resolve(outDir, '..'), { recursive: true, force: true });
});

describe('the library build', () => {
  it('emits every entry of the exports map with type declarations', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, { types: string; import: string } | string>;
    };
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      for (const file of [target.types, target.import]) {
        expect(existsSync(join(outDir, '..', file)), `${entry} -> ${file}`).toBe(true);
      }
    }
    expect(readFileSync(join(outDir, 'core/index.d.ts'), 'utf8')).toMatch(/export \* from '.\/client.js'/);
    expect(readFileSync(join(outDir, 'core/client.d.ts'), 'utf8')).toMatch(/export declare function createKubeVisionClient/);
  });

  it('loads @kubevision/kit/core in plain Node with no React anywhere to resolve', () => {
    const core = pathToFileURL(join(outDir, 'core.js')).href;
    const script = `const m = await import(${JSON.stringify(core)}); console.log(typeof m.createKubeVisionClient, typeof m.WatchClient);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: tmpdir(), encoding: 'utf8' });
    expect(out.trim()).toBe('function function');
    expect(readFileSync(join(outDir, 'core.js'), 'utf8')).not.toMatch(/from\s*["']react/);
  });

  it('keeps xterm and asciinema-player behind dynamic imports of the React entry', () => {
    // The entries and what they load up front; the lazy chunks may import xterm themselves.
    const files = readdirSync(outDir).filter((f) => ENTRIES.includes(f) || /^core.*\.js$/.test(f));
    const statics = files.flatMap((f) => [...readFileSync(join(outDir, f), 'utf8').matchAll(/^import[^;]*?from\s*["']([^"']+)["']/gm)].map((m) => m[1]));
    expect(statics.filter((s) => /xterm|asciinema/.test(s ?? ''))).toEqual([]);
    const index = readFileSync(join(outDir, 'index.js'), 'utf8');
    expect(index).toMatch(/import\(["'][^"']*(xterm|terminal|view)[^"']*["']\)/);
  });
});

// The size budget of .size-limit.json, measured on the build above (one build per run serves both).
describe('the size budget', () => {
  it('keeps each entry within its gzip budget', async () => {
    const measured = await measureChecks(outDir, readSizeChecks());
    expect(overBudget(measured), measured.map((m) => `${m.name}: ${m.bytes} B of ${m.limitBytes} B`).join('\n')).toEqual([]);
  });

  it('counts every file an entry loads up front in some budget', async () => {
    const budgeted = new Set((await measureChecks(outDir, readSizeChecks())).flatMap((m) => m.files));
    const unbudgeted = ENTRIES.flatMap((entry) => staticClosure(outDir, entry)).filter((f) => !budgeted.has(f));
    expect(unbudgeted, 'add these files to a check of .size-limit.json').toEqual([]);
  });

  it('never loads xterm or asciinema-player up front, by import or bundled', () => {
    expect(ENTRIES.flatMap((entry) => lazyOnlyLeaks(outDir, entry))).toEqual([]);
  });
});
