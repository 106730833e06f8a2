/**
 * The auth stores in Redis (`--redis URL`), shared by every replica. Keys hold hashes, never a
 * ticket: a Redis MONITOR or slow log shows nothing a client could use. While Redis is down every
 * call throws {@link StoreUnavailableError} at once (no offline queue) and ioredis keeps reconnecting.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { identityFromClaims, type Identity } from '../auth/roles.js';
import { MAX_TICKETS_PER_USER, TICKET_TTL_SECONDS, newTicket, type TicketBackend } from '../auth/tickets.js';
import type { AttemptLimiter } from '../http/rate-limit.js';
import type { AuthStores } from './auth-stores.js';
import { RedisClusterTokens } from './cluster-tokens.js';
import type { RevocationList } from './revocations.js';
import { guarded } from './store-unavailable.js';

/** How long start-up waits for a first connection before going on (later calls answer 503 until it comes). */
const CONNECT_WAIT_MS = 5000;

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/**
 * Stores a ticket and keeps its user under the cap in one step: drops the user's expired entries,
 * then their oldest past the cap (and those tickets), then adds the new one. KEYS: ticket key, the
 * user's set; ARGV: identity JSON, now (ms), TTL (ms), cap, ticket key prefix, ticket digest.
 */
const ISSUE_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4]) + 1
if over > 0 then
  local old = redis.call('ZPOPMIN', KEYS[2], over)
  for i = 1, #old, 2 do redis.call('DEL', ARGV[5] .. old[i]) end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
redis.call('ZADD', KEYS[2], tonumber(ARGV[2]) + tonumber(ARGV[3]), ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1`;

/** Counts an attempt; the first of a window starts the window's expiry. Returns the count. */
const ATTEMPT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

/** The identity a ticket's value holds, or null when it is not one (fail closed). */
function parseIdentity(value: string): Identity | null {
  const v = JSON.parse(value) as unknown;
  return typeof v === 'object' && v !== null ? identityFromClaims(v as Record<string, unknown>, (v as { user?: unknown }).user) : null;
}

class RedisTickets implements TicketBackend {
  constructor(private readonly redis: Redis) {}

  async issue(identity: Identity): Promise<string> {
    const ticket = newTicket();
    const id = digest(ticket);
    const ttlMs = TICKET_TTL_SECONDS * 1000;
    await guarded(
      this.redis.eval(ISSUE_SCRIPT, 2, `kv:ticket:${id}`, `kv:tickets-of:${identity.user}`, JSON.stringify(identity), Date.now(), ttlMs, MAX_TICKETS_PER_USER, 'kv:ticket:', id),
    );
    return ticket;
  }

  async redeem(ticket: string): Promise<Identity | null> {
    const id = digest(ticket);
    // GETDEL is the single-use guarantee: of two replicas redeeming at once, one gets the value.
    const value = await guarded(this.redis.getdel(`kv:ticket:${id}`));
    if (value === null) return null;
    const identity = parseIdentity(value);
    if (identity) await guarded(this.redis.zrem(`kv:tickets-of:${identity.user}`, id));
    return identity;
  }
}

class RedisLimiter implements AttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  async attempt(key: string): Promise<boolean> {
    const count = await guarded(this.redis.eval(ATTEMPT_SCRIPT, 1, this.key(key), this.windowMs));
    return Number(count) <= this.limit;
  }

  async retryAfterSeconds(key: string): Promise<number> {
    const ms = await guarded(this.redis.pttl(this.key(key)));
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  async reset(key: string): Promise<void> {
    await guarded(this.redis.del(this.key(key)));
  }

  // Hashed: the key names a user and an address, and a hash bounds its length.
  private key(key: string): string {
    return `${this.prefix}${digest(key)}`;
  }
}

class RedisRevocations implements RevocationList {
  constructor(private readonly redis: Redis) {}

  async revoke(jti: string, expiresAt: number): Promise<void> {
    const ttlMs = expiresAt - Date.now();
    if (ttlMs > 0) await guarded(this.redis.set(`kv:revoked:${jti}`, '1', 'PX', ttlMs));
  }

  async isRevoked(jti: string): Promise<boolean> {
    return (await guarded(this.redis.exists(`kv:revoked:${jti}`))) === 1;
  }
}

/**
 * Connects to Redis at `url` and returns the stores on it; resolves even when Redis is not up yet.
 * `warn` hears when Redis goes away and comes back (once each, not every reconnect attempt).
 * `secret` (the token signing key replicas share) seals the cluster tokens kept there.
 */
export async function redisAuthStores(url: string, warn: (message: string) => void, secret: Uint8Array): Promise<AuthStores> {
  const redis = new Redis(url, {
    // Fail fast while disconnected: a login should get its 503 now, not after a queue drains.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  let down = false;
  let closing = false;
  // Without an error listener ioredis prints every failed reconnect; the warning is said once per outage.
  redis.on('error', () => undefined);
  redis.on('close', () => {
    if (!down && !closing) warn('redis unavailable: logins and tickets answer 503 until it is back');
    down = true;
  });
  redis.on('ready', () => {
    if (down) warn('redis available again');
    down = false;
  });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CONNECT_WAIT_MS);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    tickets: new RedisTickets(redis),
    revocations: new RedisRevocations(redis),
    clusterTokens: new RedisClusterTokens(redis, secret),
    limiter: (name, limit, windowMs) => new RedisLimiter(redis, `kv:limit:${name}:`, limit, windowMs),
    close: () => {
      closing = true;
      redis.disconnect();
      return Promise.resolve();
    },
  };
}
