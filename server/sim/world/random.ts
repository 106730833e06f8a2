/** A small seeded PRNG (mulberry32): the same seed always builds the same world and churn. */

/** Deterministic random source. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A hex string of `length` characters. */
  hex(length: number): string;
  /** A UUID-shaped id (version 4 layout). */
  uuid(): string;
}

/** A {@link Random} from a 32-bit seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (length: number): string => {
    let out = '';
    while (out.length < length) out += Math.floor(next() * 16).toString(16);
    return out;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    hex,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`,
  };
}

const POD_SUFFIX = 'bcdfghjklmnpqrstvwxz2456789';

/** A ReplicaSet pod suffix (5 characters of Kubernetes' alphabet). */
export function podSuffix(random: Random): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += POD_SUFFIX[Math.floor(random.next() * POD_SUFFIX.length)];
  return s;
}

/** A pod-template-hash (10 characters of Kubernetes' alphabet). */
export function templateHash(random: Random): string {
  return podSuffix(random) + podSuffix(random);
}
