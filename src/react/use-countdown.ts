/** A seconds countdown to a point in time, ticking while it runs. */
import { useEffect, useState } from 'react';

const TICK_MS = 250;

/** Whole seconds until `until` (epoch ms), rounded up and never negative; null when `until` is null. */
export function useCountdown(until: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const update = () => setNow(Date.now());
    // The first update is deferred: `now` may be from long before `until` was set.
    const first = setTimeout(update, 0);
    const timer = setInterval(update, TICK_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [until]);
  if (until === null) return null;
  return Math.max(0, Math.ceil((until - now) / 1000));
}
