import { randomBytes } from 'node:crypto';

/**
 * The error chain a containerd node returns when runc cannot start the exec'd process (for
 * example `exec: "nosuch": executable file not found in $PATH`), as the kubelet wraps it before
 * it becomes an InternalError. The exec id is random, as containerd's is.
 */
export function runtimeExecError(cause: string): string {
  const execId = randomBytes(32).toString('hex');
  return (
    'error executing command in container: failed to exec in container: ' +
    `failed to start exec ${JSON.stringify(execId)}: OCI runtime exec failed: exec failed: ` +
    `unable to start container process: ${cause}: unknown`
  );
}
