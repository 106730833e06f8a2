/**
 * The bearer tokens users give the gateway for `passthrough` clusters, kept per sign-in (the access
 * token's id) and cluster until that sign-in expires or signs out. In memory by default; in Redis
 * with `--redis`, sealed with a key derived from the token secret so that Redis never holds them readable.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { guarded } from './store-unavailable.js';

/** Where a gateway keeps the cluster tokens of its users' sessions. */
export interface ClusterTokenStore {
  /** Keeps `token` for `session` and `cluster` until `expiresAt` (epoch ms). */
  put(session: string, cluster: string, token: string, expiresAt: number): Promise<void>;
  /** The token of `session` for `cluster`, or null. */
  get(session: string, cluster: string): Promise<string | null>;
  /** Forgets the token of `session` for `cluster`, or every token of `session` without a cluster. */
  forget(session: string, cluster?: string): Promise<void>;
}

/** Sessions one process keeps tokens for; past it the oldest go (bounded memory beats a growing map). */
const MAX_SESSIONS = 50_000;

/** The in-memory store of one process. */
export class MemoryClusterTokens implements ClusterTokenStore {
  private readonly sessions = new Map<string, { expiresAt: number; tokens: Map<string, string> }>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Keeps `token` for `session` and `cluster` until `expiresAt`. */
  put(session: string, cluster: string, token: string, expiresAt: number): Promise<void> {
    const now = this.now();
    for (const [id, entry] of this.sessions) if (entry.expiresAt <= now) this.sessions.delete(id);
    for (const id of this.sessions.keys()) {
      if (this.sessions.size < MAX_SESSIONS || this.sessions.has(session)) break;
      this.sessions.delete(id);
    }
    const entry = this.sessions.get(session) ?? { expiresAt, tokens: new Map<string, string>() };
    entry.tokens.set(cluster, token);
    this.sessions.set(session, entry);
    return Promise.resolve();
  }

  /** The token of `session` for `cluster`, or null when absent or expired. */
  get(session: string, cluster: string): Promise<string | null> {
    const entry = this.sessions.get(session);
    return Promise.resolve(entry && entry.expiresAt > this.now() ? (entry.tokens.get(cluster) ?? null) : null);
  }

  /** Forgets one token, or the whole session's. */
  forget(session: string, cluster?: string): Promise<void> {
    if (cluster === undefined) this.sessions.delete(session);
    else this.sessions.get(session)?.tokens.delete(cluster);
    return Promise.resolve();
  }
}

/** The commands of ioredis this store needs (so tests and the store agree on a narrow surface). */
export interface ClusterTokenRedis {
  hset(key: string, field: string, value: string): Promise<number>;
  pexpireat(key: string, at: number): Promise<number>;
  hget(key: string, field: string): Promise<string | null>;
  hdel(key: string, field: string): Promise<number>;
  del(key: string): Promise<number>;
}

/** AES-256-GCM sealing of tokens at rest. */
class Sealer {
  private readonly key: Buffer;

  constructor(secret: Uint8Array) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'kubevision', 'cluster-token-sealing', 32));
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  open(sealed: string, context: string): string | null {
    const raw = Buffer.from(sealed, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12)).setAAD(Buffer.from(context));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      // Sealed under another secret (a rotated key): as good as absent.
      return null;
    }
  }
}

/** The store on Redis: one hash per session, expiring with it. */
export class RedisClusterTokens implements ClusterTokenStore {
  private readonly sealer: Sealer;

  constructor(
    private readonly redis: ClusterTokenRedis,
    secret: Uint8Array,
  ) {
    this.sealer = new Sealer(secret);
  }

  /** Keeps `token` sealed for `session` and `cluster` until `expiresAt`. */
  async put(session: string, cluster: string, token: string, expiresAt: number): Promise<void> {
    const key = this.key(session);
    await guarded(this.redis.hset(key, cluster, this.sealer.seal(token, `${session}\n${cluster}`)));
    await guarded(this.redis.pexpireat(key, expiresAt));
  }

  /** The token of `session` for `cluster`, or null. */
  async get(session: string, cluster: string): Promise<string | null> {
    const sealed = await guarded(this.redis.hget(this.key(session), cluster));
    return sealed === null ? null : this.sealer.open(sealed, `${session}\n${cluster}`);
  }

  /** Forgets one token, or the whole session's. */
  async forget(session: string, cluster?: string): Promise<void> {
    if (cluster === undefined) await guarded(this.redis.del(this.key(session)));
    else await guarded(this.redis.hdel(this.key(session), cluster));
  }

  // Hashed: a session id is a credential's id and a hash bounds the key's length.
  private key(session: string): string {
    return `kv:cluster-tokens:${createHash('sha256').update(session).digest('base64url')}`;
  }
}
