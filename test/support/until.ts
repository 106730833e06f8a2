/**
 * Polls until `probe` returns something truthy and resolves with it; fails naming `what` after
 * `timeoutMs`. Free of Node APIs, so browser tests and node tests share it.
 */
export async function until<T>(probe: () => T | null | undefined | false, what: string, timeoutMs = 15_000, intervalMs = 10): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
