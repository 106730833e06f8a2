/** Single-use WebSocket tickets (DESIGN §3): random, valid 30 s, consumed on first use, bounded in number. */
import { randomBytes } from 'node:crypto';
import type { Identity } from './roles.js';

/** Validity of a ticket in seconds. */
export const TICKET_TTL_SECONDS = 30;
const MAX_TICKETS = 100_000;

/** Issues and redeems tickets. */
export class TicketStore {
  private readonly tickets = new Map<string, { identity: Identity; expiresAt: number }>();

  // The clock is read through Date at each call (not a reference taken once), so a test's fake clock reaches it.
  constructor(private readonly now: () => number = () => Date.now()) {}

  /** A fresh ticket for `identity`. */
  issue(identity: Identity): string {
    this.sweep();
    const ticket = `kvt_${randomBytes(24).toString('base64url')}`;
    this.tickets.set(ticket, { identity, expiresAt: this.now() + TICKET_TTL_SECONDS * 1000 });
    return ticket;
  }

  /** The identity of a valid ticket, which is used up; null when unknown, used or expired. */
  redeem(ticket: string): Identity | null {
    const entry = this.tickets.get(ticket);
    if (!entry) return null;
    this.tickets.delete(ticket);
    return entry.expiresAt > this.now() ? entry.identity : null;
  }

  private sweep(): void {
    const now = this.now();
    for (const [t, e] of this.tickets) if (e.expiresAt <= now) this.tickets.delete(t);
    // Still at the cap: the oldest tickets go first, so a flood of requests cannot grow memory.
    for (const t of this.tickets.keys()) {
      if (this.tickets.size < MAX_TICKETS) break;
      this.tickets.delete(t);
    }
  }
}
