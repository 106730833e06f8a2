/** The version of an object the user first saw: the base of "changed since you opened it". */
import { useState } from 'react';
import type { WatchedObject } from '@kubevision/kit';

/**
 * The first `object` seen for `identity` (a new identity starts over); `reset` makes another
 * version the base, as after the user's own save.
 */
export function useOpenedVersion<T extends WatchedObject>(identity: string, object: T | undefined): [T | undefined, (object: T) => void] {
  const [opened, setOpened] = useState<{ identity: string; object: T } | null>(null);
  // Adopted during render (React's "adjust state on prop change"), so the first paint already has a base.
  if (object && opened?.identity !== identity) setOpened({ identity, object });
  const base = opened?.identity === identity ? opened.object : object;
  return [base, (next) => setOpened({ identity, object: next })];
}
