import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** kubectl 1.33 as the issue names it; `KUBECTL` overrides. */
export const KUBECTL = process.env.KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

/** Result of one kubectl run. */
export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A kubectl bound to a kubeconfig and its own discovery cache directory. */
export interface Kubectl {
  readonly dir: string;
  run(args: string[], input?: string): Promise<KubectlResult>;
  spawn(args: string[]): ChildProcess;
  /** Writes a file into the test directory and returns its path. */
  file(name: string, content: string): string;
}

/** Prepares kubectl for a kubeconfig; fails with the install hint when kubectl is missing. */
export function kubectlFor(kubeconfig: string): Kubectl {
  if (!existsSync(KUBECTL)) throw new Error(`kubectl not found at ${KUBECTL}; set KUBECTL to a kubectl 1.33 binary`);
  const dir = mkdtempSync(join(tmpdir(), 'kv-kubectl-'));
  const config = join(dir, 'kubeconfig');
  writeFileSync(config, kubeconfig, { mode: 0o600 });
  const base = ['--kubeconfig', config, '--cache-dir', join(dir, 'cache')];
  const spawnKubectl = (args: string[]): ChildProcess => spawn(KUBECTL, [...base, ...args], { env: { ...process.env, HOME: dir } });
  return {
    dir,
    spawn: spawnKubectl,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    run(args, input) {
      return new Promise((resolve) => {
        const child = spawnKubectl(args);
        let stdout = '';
        let stderr = '';
        child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        child.stdin?.end(input ?? '');
      });
    },
  };
}
