/**
 * The container logs of one cluster. Declaring a container only records when its instances ran; no
 * line exists and no timer runs until something reads the log, so 10,000 idle pods cost a few objects
 * each.
 */
import type { Ending } from './bursts.js';
import { ContainerLog, type InstancePlan } from './instance.js';
import { hash32, Prng } from './prng.js';
import { profileFor } from './profile.js';

/** What the cluster knows about a container's current instance. */
export interface ContainerState {
  /** Epoch ms the current instance started. */
  readonly startedAt: number;
  /** Restarts so far; above 0, a previous instance exists and its log ends with a crash. */
  readonly restartCount: number;
  readonly running: boolean;
  /** For a stopped instance: when it stopped (epoch ms; default: now). */
  readonly finishedAt?: number;
  /** For a stopped instance: 0 ends its log as a finished run, anything else as a crash (default: a crash after restarts). */
  readonly exitCode?: number;
}

/** Settings of a registry. */
export interface LogRegistryOptions {
  /** Seed of every generated line (with the container's identity). */
  readonly seed: number;
  /** Average lines per second per container (default 2). */
  readonly linesPerSecond?: number;
  /** Lines kept per container instance (default 5000). */
  readonly capacity?: number;
  /** Clock in epoch ms (default Date.now); lines never carry a later timestamp. */
  readonly now?: () => number;
}

interface Entry {
  restartCount: number;
  current: ContainerLog;
  previous: ContainerLog | null;
}

/** Which instance of a container. */
export type InstanceName = 'current' | 'previous';

/** A registry of container logs for one cluster. */
export class LogRegistry {
  /** The registry's clock, epoch ms. */
  readonly now: () => number;
  private readonly seed: number;
  private readonly linesPerSecond: number;
  private readonly capacity: number;
  private readonly pods = new Map<string, Map<string, Entry>>();

  constructor(options: LogRegistryOptions) {
    this.seed = options.seed;
    this.linesPerSecond = options.linesPerSecond ?? 2;
    this.capacity = Math.max(1, Math.floor(options.capacity ?? 5000));
    this.now = options.now ?? Date.now;
  }

  /**
   * Declares (or updates) a container instance. A higher restartCount than known ends the running
   * instance with a crash and starts a new one; a lower one is stale and ignored; the same one may
   * re-time an instance nobody has read or stopped yet, or stop it.
   */
  container(namespace: string, pod: string, container: string, state: ContainerState): void {
    const key = `${namespace}/${pod}`;
    const containers = this.pods.get(key) ?? new Map<string, Entry>();
    this.pods.set(key, containers);
    const entry = containers.get(container);
    const now = this.now();
    const id = [namespace, pod, container] as const;
    if (!entry || (state.restartCount === entry.restartCount && !entry.current.settled)) {
      const current = this.instance(id, state, now);
      const previous = entry?.previous?.settled ? entry.previous : this.synthesizedPrevious(id, state, now);
      containers.set(container, { restartCount: state.restartCount, current, previous });
    } else if (state.restartCount === entry.restartCount) {
      if (!state.running) entry.current.finish(Math.min(state.finishedAt ?? now, now), endingOf(state));
    } else if (state.restartCount > entry.restartCount) {
      entry.current.finish(Math.min(state.startedAt, now), 'crash');
      const previous = state.restartCount === entry.restartCount + 1 ? entry.current : this.synthesizedPrevious(id, state, now);
      containers.set(container, { restartCount: state.restartCount, current: this.instance(id, state, now), previous });
    }
  }

  /** The container stopped (pod deleted or container terminated): followers get the end of the stream. */
  stop(namespace: string, pod: string, container?: string): void {
    const now = this.now();
    for (const [name, entry] of this.pods.get(`${namespace}/${pod}`) ?? []) {
      if (container === undefined || name === container) entry.current.finish(now, 'shutdown');
    }
  }

  /** Forget a pod entirely. */
  remove(namespace: string, pod: string): void {
    this.stop(namespace, pod);
    this.pods.delete(`${namespace}/${pod}`);
  }

  /** The log of a container's current or previous instance; undefined when there is none. */
  log(namespace: string, pod: string, container: string, instance: InstanceName): ContainerLog | undefined {
    const entry = this.pods.get(`${namespace}/${pod}`)?.get(container);
    return instance === 'current' ? entry?.current : (entry?.previous ?? undefined);
  }

  private plan(id: readonly [string, string, string], index: number, startMs: number, end: InstancePlan['end']): InstancePlan {
    const [namespace, pod, container] = id;
    const profile = profileFor({ namespace, pod, container }, new Prng(hash32(this.seed, namespace, pod, container, 'profile')));
    const seed = hash32(this.seed, namespace, pod, container, index);
    return { seed, profile, startMs, linesPerSecond: this.linesPerSecond, capacity: this.capacity, ...(end ? { end } : {}) };
  }

  private instance(id: readonly [string, string, string], state: ContainerState, now: number): ContainerLog {
    const startMs = Math.min(state.startedAt, now);
    const end = state.running ? undefined : { atMs: Math.max(startMs, Math.min(state.finishedAt ?? now, now)), ending: endingOf(state) };
    return new ContainerLog(this.plan(id, state.restartCount, startMs, end));
  }

  /** The instance before `state`'s, which crashed a back-off delay before the current one started. */
  private synthesizedPrevious(id: readonly [string, string, string], state: ContainerState, now: number): ContainerLog | null {
    if (state.restartCount < 1) return null;
    const rng = new Prng(hash32(this.seed, ...id, state.restartCount - 1, 'previous'));
    const endMs = Math.min(state.startedAt, now) - rng.int(1_000, 30_000);
    const startMs = endMs - rng.int(20_000, 900_000);
    return new ContainerLog(this.plan(id, state.restartCount - 1, startMs, { atMs: endMs, ending: 'crash' }));
  }
}

function endingOf(state: ContainerState): Ending {
  if (state.exitCode !== undefined) return state.exitCode === 0 ? 'completed' : 'crash';
  return state.restartCount > 0 ? 'crash' : 'completed';
}
