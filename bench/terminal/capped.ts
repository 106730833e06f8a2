/** A time cap on one measurement: a flood that loses bytes or a page that hangs must not hang the whole bench. */

/** Settles as `work` does, or rejects after `ms` with an error that names `what`. */
export function capped<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, cap]).finally(() => clearTimeout(timer));
}
