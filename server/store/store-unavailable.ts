/** The shared store (Redis) did not answer: a state the client should retry, never a crash. */

/** Thrown by a shared store when its server is unreachable; REST answers 503, an upgrade closes 1013. */
export class StoreUnavailableError extends Error {
  /** Fastify's error handler reads the status from here. */
  readonly statusCode = 503;

  constructor() {
    // The message reaches clients: it names no key, URL or credential.
    super('session store unavailable; try again later');
    this.name = 'StoreUnavailableError';
  }
}

/** `work`'s result, or {@link StoreUnavailableError} when the store failed (the cause is dropped: it may quote a key). */
export async function guarded<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch {
    throw new StoreUnavailableError();
  }
}
