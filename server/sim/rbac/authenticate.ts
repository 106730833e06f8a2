/**
 * Static bearer-token authentication, as kube-apiserver's `--token-auth-file`: the admin token
 * plus one token per configured or added user. Users live at the emulator level, so a token works
 * on every cluster at once.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ADMIN_USER, MASTERS_GROUP, withAuthenticated, type UserInfo } from './user.js';

/** A user of the emulator; without a token one is generated. */
export interface SimUser {
  name: string;
  groups?: string[];
  token?: string;
}

/** Maps bearer tokens to users. */
export class Authenticator {
  private readonly admin: Buffer;
  private readonly adminUser: UserInfo = { name: ADMIN_USER, groups: withAuthenticated([MASTERS_GROUP]) };
  private readonly users = new Map<string, UserInfo>();

  constructor(adminToken: string, users: readonly SimUser[] = []) {
    this.admin = Buffer.from(adminToken);
    for (const u of users) this.addUser(u);
  }

  /** Registers a user; returns its token (the given one, or a new random one). */
  addUser(user: SimUser): string {
    const token = user.token ?? randomBytes(24).toString('base64url');
    if (token === this.admin.toString() || this.users.has(token)) throw new Error(`the token of user "${user.name}" is already in use`);
    this.users.set(token, { name: user.name, groups: withAuthenticated(user.groups ?? []) });
    return token;
  }

  /** The user an `Authorization` header names, or null for a missing or unknown token (401). */
  authenticate(header: string | undefined): UserInfo | null {
    const m = /^Bearer (.+)$/.exec(header ?? '');
    if (!m?.[1]) return null;
    // The admin token is checked first and in constant time: it is the benchmarks' hot path.
    const given = Buffer.from(m[1]);
    if (given.length === this.admin.length && timingSafeEqual(given, this.admin)) return this.adminUser;
    return this.users.get(m[1]) ?? null;
  }
}
