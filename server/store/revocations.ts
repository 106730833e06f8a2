/** Revoked access-token ids (`jti`), kept until the token would have expired anyway. */

/** A list of revoked token ids. */
export interface RevocationList {
  /** Revokes `jti` until `expiresAt` (epoch ms). */
  revoke(jti: string, expiresAt: number): void | Promise<void>;
  /** Whether `jti` was revoked. */
  isRevoked(jti: string): boolean | Promise<boolean>;
}

/** Entries one process keeps; past it the oldest revocations go (bounded memory beats a growing map). */
const MAX_REVOKED = 100_000;

/** The in-memory list of one process. */
export class MemoryRevocationList implements RevocationList {
  private readonly revoked = new Map<string, number>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Revokes `jti` until `expiresAt` (epoch ms). */
  revoke(jti: string, expiresAt: number): void {
    const now = this.now();
    for (const [id, until] of this.revoked) if (until <= now) this.revoked.delete(id);
    for (const id of this.revoked.keys()) {
      if (this.revoked.size < MAX_REVOKED) break;
      this.revoked.delete(id);
    }
    if (expiresAt > now) this.revoked.set(jti, expiresAt);
  }

  /** Whether `jti` is revoked and not yet past its expiry. */
  isRevoked(jti: string): boolean {
    const until = this.revoked.get(jti);
    return until !== undefined && until > this.now();
  }
}
