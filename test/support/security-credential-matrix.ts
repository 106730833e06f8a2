/**
 * Credential × state × endpoint (DESIGN §3, §8): a credential in the query (also under a
 * percent-encoded name), a Bearer header or the token subprotocol; tokens valid, expired, forged,
 * unsigned, signed with another key or with a malformed scope; the admin token; tickets valid,
 * expired, altered, from another gateway or reused; none at all. Against the three WebSocket
 * endpoints and the REST routes, only a valid credential gets in (4401 on sockets, 401 JSON on
 * REST otherwise), and neither a ticket nor `?token=` works on REST.
 */
import { vi } from 'vitest';
import { Paths } from '../../src/core/protocol.ts';
import { TICKET_TTL_SECONDS, TicketStore } from '../../server/auth/tickets.ts';
import { carry, CARRIERS, openEndpoint, rest, SOCKET_ENDPOINTS, type Carrier, type SocketTarget } from './security-client.ts';
import { expiredToken, foreignTicket, forgedToken, malformedLimitsToken, tampered, unsignedToken, wrongSecretToken } from './security-credentials.ts';
import type { Evidence } from './security-evidence.ts';
import { inParallel, type Cell } from './security-grid.ts';
import { identityOf, persona, tokenOf, type World } from './security-world.ts';

/** The states a credential can be in. */
const STATES = [
  'valid token',
  'expired token',
  'forged token',
  'wrong-key token',
  'unsigned token',
  'malformed-limits token',
  'admin token',
  'altered admin token',
  'valid ticket',
  'expired ticket',
  'altered ticket',
  'foreign ticket',
  'reused ticket',
  'none',
] as const;
type State = (typeof STATES)[number];

/** The states that let a socket in. */
const VALID: ReadonlySet<State> = new Set(['valid token', 'admin token', 'valid ticket']);

/** REST routes an admin's valid credential gets 200 from. */
const REST_ROUTES: readonly { label: string; method: string; path: string }[] = [
  { label: 'GET me', method: 'GET', path: Paths.me },
  { label: 'POST ws-ticket', method: 'POST', path: Paths.wsTicket },
  { label: 'GET clusters', method: 'GET', path: Paths.clusters },
  { label: 'GET pods', method: 'GET', path: `${Paths.clusters}/prod-us/pods?namespace=default` },
  { label: 'GET audit', method: 'GET', path: Paths.terminalSessions },
];

/** The seed's example pod; the credential is adam's (admin), so every endpoint would let it in. */
const TARGET: SocketTarget = { cluster: 'prod-us', namespace: 'default', pod: 'my-pod', container: 'app' };

interface Plan {
  readonly endpoint: string;
  readonly carrier: Carrier;
  readonly state: State;
  /** Runs the cell once its credential is made. */
  run(credential: string | null): Promise<string>;
  readonly expected: string;
}

/** Makes the credentials of one state, each cell its own (tickets are single-use). */
async function credentialFor(world: World, state: State, evidence: Evidence): Promise<string | null> {
  const adam = persona('adam');
  const token = tokenOf(world, 'adam');
  const ticket = async (): Promise<string> => {
    const res = await rest(world.dev.url, 'POST', Paths.wsTicket, { bearer: token }, evidence);
    return evidence.secret('ticket', String((res.json as { ticket?: unknown }).ticket));
  };
  switch (state) {
    case 'valid token':
      return token;
    case 'expired token':
      return evidence.secret('expired token', await expiredToken(world.secret, identityOf(adam)));
    case 'forged token':
      // A viewer's token claiming admin: the payload changes, the signature stays.
      return evidence.secret('forged token', forgedToken(tokenOf(world, 'victor'), (claims) => (claims.role = 'admin')));
    case 'unsigned token':
      return evidence.secret('unsigned token', unsignedToken(token));
    case 'malformed-limits token':
      return evidence.secret('malformed-limits token', await malformedLimitsToken(world.secret, 'nina'));
    case 'wrong-key token':
      return evidence.secret('wrong-key token', await wrongSecretToken(identityOf(adam)));
    case 'admin token':
      return world.dev.adminToken;
    case 'altered admin token':
      return evidence.secret('altered admin token', tampered(world.dev.adminToken));
    case 'valid ticket':
    case 'expired ticket':
      return ticket();
    case 'altered ticket':
      return evidence.secret('altered ticket', tampered(await ticket()));
    case 'foreign ticket':
      return evidence.secret('foreign ticket', foreignTicket(identityOf(adam)));
    case 'reused ticket': {
      const used = await ticket();
      const first = await openEndpoint(world.dev.wsUrl, 'watch', TARGET, carry('query', used), evidence);
      if (first.outcome !== 'ok') throw new Error(`the first use of a ticket failed: ${first.outcome}`);
      return used;
    }
    case 'none':
      return null;
  }
}

function plans(world: World, evidence: Evidence): Plan[] {
  const out: Plan[] = [];
  for (const state of STATES) {
    for (const endpoint of SOCKET_ENDPOINTS) {
      for (const carrier of CARRIERS) {
        out.push({
          endpoint,
          carrier,
          state,
          expected: VALID.has(state) ? 'ok' : '4401',
          run: async (credential) => (await openEndpoint(world.dev.wsUrl, endpoint, TARGET, carry(carrier, credential), evidence)).outcome,
        });
      }
    }
    for (const route of REST_ROUTES) {
      for (const carrier of ['bearer', 'query', 'query, name encoded'] as const) {
        // REST takes a Bearer access token or the admin token; never a ticket, never ?token=.
        const ok = carrier === 'bearer' && (state === 'valid token' || state === 'admin token');
        out.push({
          endpoint: `REST ${route.label}`,
          carrier,
          state,
          expected: ok ? '200' : '401',
          run: async (credential) => {
            const { query } = carry(carrier, credential);
            const path = query === '' ? route.path : `${route.path}${route.path.includes('?') ? '&' : '?'}${query}`;
            return (await rest(world.dev.url, route.method, path, { bearer: carrier === 'bearer' ? credential : null }, evidence)).outcome;
          },
        });
      }
    }
  }
  return out;
}

/** Runs `run` with the clock past a ticket's lifetime; nothing else runs meanwhile. */
async function withTicketsExpired<T>(run: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(Date.now() + (TICKET_TTL_SECONDS + 1) * 1000);
  try {
    return await run();
  } finally {
    vi.useRealTimers();
  }
}

/**
 * One user asking for more tickets than the store holds (100,000) must not evict another user's
 * fresh ticket: that would lock everyone out of WebSockets. Asked of a ticket store directly, as
 * the route asks it (100,000 HTTP requests would take minutes).
 */
function ticketFloodCell(): Cell {
  const store = new TicketStore();
  const victim = store.issue(identityOf(persona('alice')));
  const flooder = identityOf(persona('victor'));
  for (let i = 0; i < 100_001; i++) store.issue(flooder);
  return { coords: { endpoint: 'ticket store', carrier: '-', state: 'valid ticket' }, expected: 'redeemed', actual: store.redeem(victim) ? 'redeemed' : 'evicted by another user' };
}

/** Every cell of the credential matrix. */
export async function credentialCells(world: World, evidence: Evidence): Promise<Cell[]> {
  const all = plans(world, evidence);
  const cell = (p: Plan, actual: string): Cell => ({ coords: { endpoint: p.endpoint, carrier: p.carrier, state: p.state }, expected: p.expected, actual });
  const now = all.filter((p) => p.state !== 'expired ticket');
  const cells = await inParallel(
    now.map((p) => async () => cell(p, await p.run(await credentialFor(world, p.state, evidence)))),
    6,
  );
  const later = all.filter((p) => p.state === 'expired ticket');
  const tickets = await Promise.all(later.map(() => credentialFor(world, 'expired ticket', evidence)));
  const expired = await withTicketsExpired(() => Promise.all(later.map(async (p, i) => cell(p, await p.run(tickets[i] ?? null)))));
  return [...cells, ...expired, ticketFloodCell()];
}
