import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The repository root (where package.json and vite.config.ts live). */
export const repoRoot = resolve(import.meta.dirname, '../..');

/** One file of an `npm pack --json` listing. */
export interface PackedFile {
  path: string;
  size: number;
}

/** What `npm pack` produced: the tarball's path and the files it holds. */
export interface PackResult {
  tarball: string;
  files: readonly PackedFile[];
}

/**
 * Runs a command to completion; a failure carries its output, which is all a CI log has to go on.
 * NODE_ENV is dropped because vitest sets it to `test`, which a publisher's shell does not have.
 */
export async function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  const env = { ...process.env };
  delete env.NODE_ENV;
  try {
    const { stdout } = await execFileAsync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`, { cause: error });
  }
}

/** Runs the library build (`vite build` with the repository's vite.config.ts, as `npm run build` does) into `outDir`. */
export async function buildLibrary(outDir: string): Promise<void> {
  const vite = join(repoRoot, 'node_modules/vite/bin/vite.js');
  await run(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], repoRoot);
}

/** `npm pack --json` in `dir`, writing the tarball into `destination`. */
export async function npmPack(dir: string, destination: string, dryRun = false): Promise<PackResult> {
  const args = ['pack', '--json', '--ignore-scripts', ...(dryRun ? ['--dry-run'] : ['--pack-destination', destination])];
  const [result] = JSON.parse(await run('npm', args, dir)) as { filename: string; files: PackedFile[] }[];
  if (!result) throw new Error(`npm pack in ${dir} reported nothing`);
  return { tarball: join(destination, result.filename), files: result.files };
}

/**
 * Packs the library as a publish would (`npm run build && npm pack`) without touching the working tree:
 * package.json and the README/LICENSE files go into `stageDir`, the build into `stageDir/dist`.
 */
export async function packLibrary(stageDir: string, destination: string): Promise<PackResult> {
  mkdirSync(destination, { recursive: true });
  for (const file of readdirSync(repoRoot)) {
    if (file === 'package.json' || /^(README|LICENSE|LICENCE)/i.test(file)) copyFileSync(join(repoRoot, file), join(stageDir, file));
  }
  await buildLibrary(join(stageDir, 'dist'));
  return npmPack(stageDir, destination);
}
