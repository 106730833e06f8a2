/**
 * The emulator-side source: rewrites pods of one namespace straight in the emulator's store at a fixed
 * rate, each with the wall clock of the change in an annotation, so the page can time it to the screen.
 * Pods are taken in a stride over the whole namespace, so at up to one event per pod per several
 * seconds no change supersedes one still in flight.
 */
import { epochNow } from '../fanout/ipc.ts';
import type { ClusterStore } from '../../server/sim/store.ts';
import { STAMP_ANNOTATION } from './protocol.ts';

/** Ticks of the source; events due since the last tick are written at each, however late it runs. */
const TICK_MS = 5;
/** A prime larger than any namespace benchmarked, so the stride visits every pod before repeating. */
const STRIDE = 7919;

/** A running source. */
export interface Stamping {
  /** Stops writing; returns the events written since `mark()` (or the start). */
  stop(): number;
  /** Restarts the count of events written. */
  mark(): void;
}

/** Writes `rate` stamped pod changes per second into `namespace` of `store` until stopped. */
export function startStamping(store: ClusterStore, namespace: string, rate: number): Stamping {
  const type = store.typeOf('Pod');
  const names = store.list(type, namespace).map((p) => p.metadata.name);
  if (names.length === 0) throw new Error(`no pods in namespace ${namespace}`);
  const start = performance.now();
  let sent = 0;
  let counted = 0;
  let cursor = 0;
  const timer = setInterval(() => {
    const due = Math.floor((rate * (performance.now() - start)) / 1000);
    for (; sent < due; sent++, counted++) {
      cursor = (cursor + STRIDE) % names.length;
      const name = names[cursor] as string;
      store.update(type, namespace, name, (pod) => ({ ...pod, metadata: { ...pod.metadata, annotations: { ...pod.metadata.annotations, [STAMP_ANNOTATION]: String(epochNow()) } } }));
    }
  }, TICK_MS);
  return {
    stop() {
      clearInterval(timer);
      return counted;
    },
    mark() {
      counted = 0;
    },
  };
}
