import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import sizeLimit from 'size-limit';
import filePlugin from '@size-limit/file';
import { repoRoot } from './library-build.ts';

/** One check of .size-limit.json (the fields this repository uses). */
export interface SizeCheck {
  name: string;
  /** Paths under `dist/`; a `*` may stand in a file name (hashed chunk names). */
  path: string | string[];
  /** `N kB` or `N B`; size-limit reads kB as 1,000 bytes. */
  limit: string;
  gzip: true;
}

/** A check measured against one build. */
export interface MeasuredCheck {
  name: string;
  files: string[];
  bytes: number;
  limitBytes: number;
}

/** Modules that must only ever load lazily: never statically reachable from an entry, never inlined. */
export const LAZY_ONLY = /^(@xterm\/|xterm$|asciinema-player)/;
const LAZY_ONLY_SOURCE = /node_modules\/(@xterm\/|xterm\/|asciinema-player\/)/;

/** The checks of .size-limit.json, the single place the budgets are written down. */
export function readSizeChecks(): SizeCheck[] {
  return JSON.parse(readFileSync(join(repoRoot, '.size-limit.json'), 'utf8')) as SizeCheck[];
}

function limitBytes(limit: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(kB|B)$/.exec(limit.trim());
  if (!m) throw new Error(`unreadable size limit "${limit}" in .size-limit.json (write "12 kB")`);
  return Number(m[1]) * (m[2] === 'kB' ? 1000 : 1);
}

/** The files of `distDir` a `dist/...` pattern names (`*` within a file name only, as the config uses it). */
function resolvePattern(distDir: string, pattern: string): string[] {
  if (!pattern.startsWith('dist/')) throw new Error(`.size-limit.json path "${pattern}" is not under dist/`);
  const relative = pattern.slice('dist/'.length);
  const dir = join(distDir, posix.dirname(relative));
  const name = new RegExp(`^${posix.basename(relative).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return existsSync(dir) ? readdirSync(dir).filter((f) => name.test(f)).map((f) => join(dir, f)) : [];
}

/** Measures every check on the build in `distDir` with size-limit's file plugin (gzip level 9, summed per file). */
export async function measureChecks(distDir: string, checks: readonly SizeCheck[]): Promise<MeasuredCheck[]> {
  const resolved = checks.map((check) => ({
    check,
    files: [...new Set((Array.isArray(check.path) ? check.path : [check.path]).flatMap((p) => resolvePattern(distDir, p)))],
  }));
  for (const { check, files } of resolved) if (files.length === 0) throw new Error(`size check "${check.name}" matches no file of the build`);
  // size-limit's typings call plugins functions; they are lists of step objects, as @size-limit/file is.
  const plugins = [filePlugin] as unknown as Parameters<typeof sizeLimit>[0];
  const sizes = (await sizeLimit(plugins, { checks: resolved.map(({ files }) => ({ files, gzip: true })) })) as { size: number }[];
  return resolved.map(({ check, files }, i) => ({ name: check.name, files, bytes: sizes[i]?.size ?? Number.NaN, limitBytes: limitBytes(check.limit) }));
}

/** One line per check over its budget, empty when all fit. */
export function overBudget(measured: readonly MeasuredCheck[]): string[] {
  return measured
    .filter((m) => !(m.bytes <= m.limitBytes))
    .map((m) => `${m.name}: ${m.bytes} B gzip is over its budget of ${m.limitBytes} B by ${m.bytes - m.limitBytes} B`);
}

function staticImports(code: string): string[] {
  // Static `import ... from`, bare `import "x"` and `export ... from`; `import("x")` is lazy and allowed.
  return [...code.matchAll(/^\s*(?:import|export)\b[^;()]*?(?:from\s*)?["']([^"']+)["']/gm)].map((m) => m[1] ?? '');
}

function isFacade(code: string): boolean {
  return code.replace(/\/\/[^\n]*/g, '').replace(/\b(?:import|export)\b[^;]*;/g, '').trim() === '';
}

/** Every dist file an entry loads before any dynamic import: the entry and the chunks it statically imports. */
export function staticClosure(distDir: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) if (spec.startsWith('.')) visit(join(dirname(file), spec));
  };
  visit(join(distDir, entry));
  return [...seen];
}

/**
 * Why the lazy-only modules are reachable up front from `entry`, one line per finding: a static import
 * of xterm or asciinema-player in any file the entry loads, or their code bundled into one (its source map
 * names their files).
 */
export function lazyOnlyLeaks(distDir: string, entry: string): string[] {
  const leaks: string[] = [];
  for (const file of staticClosure(distDir, entry)) {
    const shown = file.slice(distDir.length + 1);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) if (LAZY_ONLY.test(spec)) leaks.push(`${entry}: ${shown} statically imports ${spec}`);
    const map = `${file}.map`;
    if (!existsSync(map)) {
      // Only a facade of re-exports comes without a map; anything else could hide bundled code.
      if (!isFacade(readFileSync(file, 'utf8'))) leaks.push(`${entry}: ${shown} has no source map to show what it bundles`);
      continue;
    }
    const { sources = [] } = JSON.parse(readFileSync(map, 'utf8')) as { sources?: string[] };
    for (const source of sources) if (LAZY_ONLY_SOURCE.test(source)) leaks.push(`${entry}: ${shown} bundles ${source}`);
  }
  return leaks;
}
