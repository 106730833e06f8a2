/**
 * What kind of program a container runs, guessed from its name, so that a proxy sidecar mostly
 * writes access lines and an init container writes migration steps; every profile still writes every
 * kind of line, only the proportions differ.
 */
import type { Prng } from './prng.js';

/** The kinds of single lines a container writes. */
export type LineKind = 'text' | 'json' | 'ansi' | 'access' | 'unicode';

/** The language runtime, which decides the text format and the stack traces. */
export type Runtime = 'go' | 'java' | 'node' | 'python';

/** How one container's log looks. */
export interface Profile {
  readonly flavor: 'service' | 'proxy' | 'job';
  readonly namespace: string;
  readonly app: string;
  readonly version: string;
  readonly port: number;
  readonly runtime: Runtime;
  /** Relative weights of the line kinds. */
  readonly weights: readonly (readonly [LineKind, number])[];
  readonly totalWeight: number;
}

/** Where a log comes from. */
export interface ContainerIdentity {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
}

const WEIGHTS: Readonly<Record<Profile['flavor'], Readonly<Record<LineKind, number>>>> = {
  service: { text: 32, json: 30, ansi: 14, access: 14, unicode: 10 },
  proxy: { text: 12, json: 10, ansi: 8, access: 64, unicode: 6 },
  job: { text: 46, json: 16, ansi: 24, access: 4, unicode: 10 },
};

/** The workload name without the replica set hash and pod suffix (`orders-7d9f8b6c5-x2klp` -> `orders`). */
function workloadName(pod: string): string {
  return pod.replace(/-[a-z0-9]{6,10}-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{5}$/, '').replace(/-\d+$/, '');
}

/** The profile of one container instance. */
export function profileFor(identity: ContainerIdentity, rng: Prng): Profile {
  const name = identity.container.toLowerCase();
  const flavor = /proxy|envoy|nginx|istio|gateway|ingress|sidecar|haproxy|traefik/.test(name)
    ? 'proxy'
    : /init|migrat|setup|wait|bootstrap|job|cron/.test(name)
      ? 'job'
      : 'service';
  const base = workloadName(identity.pod);
  const weights = Object.entries(WEIGHTS[flavor]) as [LineKind, number][];
  return {
    flavor,
    namespace: identity.namespace,
    app: name === 'app' || name === 'main' || name === base ? base : `${base}-${name}`,
    version: `v${rng.int(1, 4)}.${rng.int(0, 19)}.${rng.int(0, 9)}`,
    port: rng.pick([8080, 8080, 3000, 9000, 5000]),
    runtime: rng.pick<Runtime>(['go', 'java', 'node', 'python']),
    weights,
    totalWeight: weights.reduce((sum, [, w]) => sum + w, 0),
  };
}
