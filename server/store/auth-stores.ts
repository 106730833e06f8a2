/**
 * Where the gateway keeps the state replicas must share: single-use tickets, login attempt counts
 * and revoked token ids. In memory by default (one process); in Redis with `--redis` (see redis-auth-stores.ts).
 */
import type { TicketBackend } from '../auth/tickets.js';
import { TicketStore } from '../auth/tickets.js';
import { RateLimiter, type AttemptLimiter } from '../http/rate-limit.js';
import { MemoryClusterTokens, type ClusterTokenStore } from './cluster-tokens.js';
import { MemoryRevocationList, type RevocationList } from './revocations.js';

/** The shared auth state of a gateway. */
export interface AuthStores {
  /** Single-use WebSocket tickets. */
  readonly tickets: TicketBackend;
  /** Revoked access-token ids. */
  readonly revocations: RevocationList;
  /** Users' own tokens for `passthrough` clusters, per sign-in. */
  readonly clusterTokens: ClusterTokenStore;
  /** A fixed-window attempt counter of `limit` attempts per `windowMs`. */
  limiter(name: string, limit: number, windowMs: number): AttemptLimiter;
  /** Releases connections. */
  close(): Promise<void>;
}

/** Today's single-process stores: nothing but Node. */
export function memoryAuthStores(): AuthStores {
  return {
    tickets: new TicketStore(),
    revocations: new MemoryRevocationList(),
    clusterTokens: new MemoryClusterTokens(),
    limiter: (_name, limit, windowMs) => new RateLimiter(limit, windowMs),
    close: () => Promise.resolve(),
  };
}
