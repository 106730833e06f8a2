/**
 * `watchToken`: a provider's token function that notices when the token changes. Answers cached per
 * identity (`useCan`) are then reset, so a new token (another user signed in, a refresh) asks again
 * instead of reusing what the old token was told.
 */
import type { TokenProvider } from '../core/index.js';

/** The query-key head of `useCan`'s answers; the provider's id follows it. */
export const CAN_QUERY = 'kubevision-can';

/** Unique across the providers of the page: two providers sharing one QueryClient never share answers. */
let providers = 0;

/** A provider's token function and the id its cached answers are filed under. */
export interface TokenWatch {
  readonly id: number;
  /** Forwards to the wrapped provider; a token unlike the last one calls `onChange`. */
  readonly getToken: TokenProvider;
}

/** Wraps `getToken`; every call of the kit (sockets, REST) goes through it, so each new token is seen. */
export function watchToken(getToken: TokenProvider, onChange: (id: number) => void): TokenWatch {
  const id = ++providers;
  let last: string | null | undefined;
  return {
    id,
    async getToken(options) {
      const token = await getToken(options);
      // The first token is the one the answers were asked with: only a change is news.
      if (last !== undefined && token !== last) onChange(id);
      last = token;
      return token;
    },
  };
}
