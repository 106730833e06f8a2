/**
 * Polls until `probe` returns (or resolves to) something truthy and resolves with it; fails naming
 * `what` after `timeoutMs` (a function, so the message can tell what was last seen). Free of Node
 * APIs, so browser tests and node tests share it.
 */
export async function until<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  what: string | (() => string),
  timeoutMs = 15_000,
  intervalMs = 10,
): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
