/** Single-use WebSocket tickets (DESIGN §3): random, valid 30 s, consumed on first use, bounded in number. */
import { randomBytes } from 'node:crypto';
import type { Identity } from './roles.js';

/** Validity of a ticket in seconds. */
export const TICKET_TTL_SECONDS = 30;
const MAX_TICKETS = 100_000;
/**
 * Unused tickets one user may hold (the kit takes one per connect, and a user has at most 64
 * sockets); past it that user's oldest go, so a user who floods the endpoint evicts only their own.
 */
export const MAX_TICKETS_PER_USER = 256;

/** Where tickets live: this process's memory ({@link TicketStore}) or Redis, shared by replicas. */
export interface TicketBackend {
  /** A fresh ticket for `identity`, valid {@link TICKET_TTL_SECONDS}. */
  issue(identity: Identity): string | Promise<string>;
  /** The identity of a valid ticket, which is used up atomically; null when unknown, used or expired. */
  redeem(ticket: string): Identity | null | Promise<Identity | null>;
}

/** A new random ticket (the `kvt_` prefix tells it from a token). */
export function newTicket(): string {
  return `kvt_${randomBytes(24).toString('base64url')}`;
}

interface Entry {
  identity: Identity;
  expiresAt: number;
}

/** Issues and redeems tickets in this process's memory. */
export class TicketStore implements TicketBackend {
  private readonly tickets = new Map<string, Entry>();
  /** Each user's unused tickets, oldest first. */
  private readonly byUser = new Map<string, Set<string>>();

  // The clock is read through Date at each call (not a reference taken once), so a test's fake clock reaches it.
  constructor(private readonly now: () => number = () => Date.now()) {}

  /** A fresh ticket for `identity`. */
  issue(identity: Identity): string {
    this.sweep();
    const own = this.byUser.get(identity.user) ?? new Set<string>();
    for (const t of own) {
      if (own.size < MAX_TICKETS_PER_USER) break;
      this.remove(t);
    }
    const ticket = newTicket();
    this.tickets.set(ticket, { identity, expiresAt: this.now() + TICKET_TTL_SECONDS * 1000 });
    own.add(ticket);
    this.byUser.set(identity.user, own);
    return ticket;
  }

  /** The identity of a valid ticket, which is used up; null when unknown, used or expired. */
  redeem(ticket: string): Identity | null {
    const entry = this.tickets.get(ticket);
    if (!entry) return null;
    this.remove(ticket);
    return entry.expiresAt > this.now() ? entry.identity : null;
  }

  private remove(ticket: string): void {
    const entry = this.tickets.get(ticket);
    if (!entry) return;
    this.tickets.delete(ticket);
    const own = this.byUser.get(entry.identity.user);
    own?.delete(ticket);
    if (own?.size === 0) this.byUser.delete(entry.identity.user);
  }

  private sweep(): void {
    const now = this.now();
    // Every ticket lives equally long, so the map's insertion order is expiry order: stop at the first live one.
    for (const [t, e] of this.tickets) {
      if (e.expiresAt > now) break;
      this.remove(t);
    }
    // Still at the cap (many users): the oldest tickets go first, so a flood cannot grow memory.
    for (const t of this.tickets.keys()) {
      if (this.tickets.size < MAX_TICKETS) break;
      this.remove(t);
    }
  }
}
