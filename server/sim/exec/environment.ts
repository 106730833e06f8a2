import { mkdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { ContainerLike } from './types.js';

/** Used when the emulator itself runs without PATH (a bare service environment). */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Where a container's process runs and with what environment. */
export interface ProcessPlace {
  /** The container's working directory inside its scratch directory (which is HOME). */
  readonly cwd: string;
  readonly env: Record<string, string>;
}

/** Inputs for {@link prepareProcessPlace}. */
export interface PlaceInputs {
  readonly scratchRoot: string;
  readonly cluster: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container: ContainerLike;
  readonly tty: boolean;
  readonly extraEnv: Record<string, string> | undefined;
}

/**
 * A name used as one path segment. Kubernetes names are DNS labels or subdomains, but the cluster
 * name and hand-made pods come from elsewhere, so a segment that could climb out is refused.
 */
function safeSegment(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

/**
 * Creates (on demand) the scratch directory `scratchRoot/cluster/ns/pod/container` and builds the
 * process environment. Only PATH comes from the host: the emulator's own environment may hold
 * tokens that a process in a "container" must not see. Later entries win, as in a container spec:
 * runtime defaults, then the emulator's extra env, then the container's own env.
 */
export function prepareProcessPlace(inputs: PlaceInputs): ProcessPlace | { error: string } {
  const segments = [inputs.cluster, inputs.namespace, inputs.pod, inputs.container.name];
  if (!segments.every(safeSegment)) return { error: `invalid scratch path segment in ${JSON.stringify(segments)}` };
  const root = resolve(inputs.scratchRoot);
  const home = join(root, ...segments);
  // workingDir is an absolute path inside the container; the scratch directory plays its root.
  const requested = inputs.container.workingDir ? resolve(home, `.${sep}${inputs.container.workingDir}`) : home;
  const cwd = requested === home || requested.startsWith(home + sep) ? requested : home;
  mkdirSync(cwd, { recursive: true });

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? DEFAULT_PATH,
    HOSTNAME: inputs.pod,
    HOME: home,
  };
  if (inputs.tty) env.TERM = 'xterm-256color';
  Object.assign(env, inputs.extraEnv ?? {});
  for (const variable of inputs.container.env ?? []) {
    // valueFrom references (secrets, fields) have no literal value to give.
    if (variable.value !== undefined) env[variable.name] = variable.value;
  }
  return { cwd, env };
}
