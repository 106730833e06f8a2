/**
 * Plain-number counts behind the counters on the hot path, handed to prom-client at scrape time.
 * A labelled prom-client increment hashes its label values (about 0.3-0.4 µs), and the watch
 * fan-out counts once per event and connection: a thousand connections at a few hundred events a
 * second would spend a noticeable share of a core on the hashing alone. A nested Map lookup does not.
 */
import type { Counter } from 'prom-client';

/** Counts by one label value. */
export class KeyTally {
  private readonly counts = new Map<string, number>();

  /** Adds `n` to `key`'s count. */
  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  /** Every key with its count. */
  entries(): IterableIterator<[string, number]> {
    return this.counts.entries();
  }
}

/** Counts by two label values. */
export class PairTally {
  private readonly counts = new Map<string, KeyTally>();

  /** Adds `n` to the count of (`first`, `second`). */
  add(first: string, second: string, n = 1): void {
    let inner = this.counts.get(first);
    if (!inner) {
      inner = new KeyTally();
      this.counts.set(first, inner);
    }
    inner.add(second, n);
  }

  /** Every pair with its count. */
  *entries(): Generator<[string, string, number]> {
    for (const [first, inner] of this.counts) for (const [second, n] of inner.entries()) yield [first, second, n];
  }
}

/** Sets a counter's series to a tally's counts (from a `collect` callback, just before a scrape reads it). */
export function publishKeys<L extends string>(counter: Counter<L>, label: L, tally: KeyTally): void {
  counter.reset();
  for (const [key, n] of tally.entries()) counter.inc({ [label]: key } as Partial<Record<L, string>>, n);
}

/** Sets a counter's series to a pair tally's counts. */
export function publishPairs<L extends string>(counter: Counter<L>, labels: readonly [L, L], tally: PairTally): void {
  counter.reset();
  for (const [first, second, n] of tally.entries()) counter.inc({ [labels[0]]: first, [labels[1]]: second } as Partial<Record<L, string>>, n);
}
