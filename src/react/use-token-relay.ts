/** `useTokenRelay`: a stable token function that always calls the latest `getToken` prop. */
import { useCallback, useEffect, useRef } from 'react';
import type { TokenProvider } from '../core/index.js';

const noToken: TokenProvider = () => null;

/**
 * Callers often pass `getToken` as an inline arrow; depending on it directly would refetch on every
 * render (and loop, since each answer renders). The relay keeps one identity and forwards each call.
 */
export function useTokenRelay(getToken: TokenProvider | undefined): TokenProvider {
  const latest = useRef(getToken ?? noToken);
  useEffect(() => {
    latest.current = getToken ?? noToken;
  }, [getToken]);
  return useCallback<TokenProvider>((options) => latest.current(options), []);
}
