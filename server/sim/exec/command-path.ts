import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Either the absolute path of the executable, or the error text runc would give. */
export type LookPathResult = { ok: true; path: string } | { ok: false; error: string };

/** Go's os.Stat error words for the errno codes a lookup can meet. */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EACCES: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** Null when `path` is an executable regular file, else the reason in Go's words. */
function executableProblem(path: string): { stat: string } | 'permission denied' | null {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    return { stat: ERRNO_TEXT[code] ?? code };
  }
  if (isDirectory) return 'permission denied';
  try {
    accessSync(path, constants.X_OK);
    return null;
  } catch {
    return 'permission denied';
  }
}

/**
 * Resolves the command as runc does with Go's exec.LookPath inside the container: a name with a
 * slash is taken as a path (relative to the working directory), any other name is searched on the
 * process's PATH. The error texts are Go's, so the Failure status reads like a real runtime's.
 */
export function lookPath(file: string, pathEnv: string, cwd: string): LookPathResult {
  if (file.includes('/')) {
    const full = isAbsolute(file) ? file : resolve(cwd, file);
    const problem = executableProblem(full);
    if (problem === null) return { ok: true, path: full };
    const reason = typeof problem === 'string' ? problem : `stat ${file}: ${problem.stat}`;
    return { ok: false, error: `exec: ${JSON.stringify(file)}: ${reason}` };
  }
  if (file !== '') {
    for (const dir of pathEnv.split(':')) {
      const candidate = resolve(cwd, join(dir === '' ? '.' : dir, file));
      if (executableProblem(candidate) === null) return { ok: true, path: candidate };
    }
  }
  return { ok: false, error: `exec: ${JSON.stringify(file)}: executable file not found in $PATH` };
}
