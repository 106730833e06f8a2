/** A running exec session as the registry sees it. */
export interface RegisteredSession {
  /** Kills the session's processes as a container's removal would (SIGKILL). */
  terminate(): void;
}

const sessions = new Map<string, Set<RegisteredSession>>();

function podKey(cluster: string, namespace: string, pod: string): string {
  // NUL cannot occur in any of the names, so keys of different pods never collide.
  return `${cluster}\0${namespace}\0${pod}`;
}

/** Records a session of a pod; the returned function forgets it again. */
export function registerSession(cluster: string, namespace: string, pod: string, session: RegisteredSession): () => void {
  const key = podKey(cluster, namespace, pod);
  let set = sessions.get(key);
  if (!set) {
    set = new Set();
    sessions.set(key, set);
  }
  set.add(session);
  return () => {
    const current = sessions.get(key);
    current?.delete(session);
    if (current?.size === 0) sessions.delete(key);
  };
}

/**
 * Kills every process started for this pod (pod deleted) and closes their sockets. Each client
 * gets what a real cluster gives when the container goes away under an exec: exit code 137 on
 * the status channel, then a normal close.
 */
export function killPodProcesses(cluster: string, namespace: string, pod: string): void {
  for (const session of [...(sessions.get(podKey(cluster, namespace, pod)) ?? [])]) session.terminate();
}

/** Kills every exec process of every pod, or of one cluster: for stopping or resetting the emulator. */
export function killAllExecProcesses(cluster?: string): void {
  for (const [key, set] of [...sessions]) {
    if (cluster !== undefined && !key.startsWith(`${cluster}\0`)) continue;
    for (const session of [...set]) session.terminate();
  }
}
