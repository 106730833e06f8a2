/** Calls `fn`; an exception is rethrown asynchronously so that one bad listener cannot stop the others. */
export function callSafely<A extends unknown[]>(fn: (...args: A) => void, ...args: A): void {
  try {
    fn(...args);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** A small typed event emitter: `on` returns the function that removes the listener. */
export class Emitter<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  /** Adds a listener; call the returned function to remove it. */
  on<K extends keyof Events>(type: K, listener: Events[K]): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Calls every listener of `type`; a listener that throws does not stop the others. */
  emit<K extends keyof Events>(type: K, ...args: Parameters<Events[K]>): void {
    const set = this.listeners.get(type);
    if (!set) return;
    for (const listener of [...set]) callSafely(listener as (...a: Parameters<Events[K]>) => void, ...args);
  }

  /** Number of listeners of `type`. */
  listenerCount(type: keyof Events): number {
    return this.listeners.get(type)?.size ?? 0;
  }

  /** Removes every listener. */
  clear(): void {
    this.listeners.clear();
  }
}
