/**
 * One mocked WebSocket endpoint of the fake gateway: the ticket check and close-code behaviour of
 * DESIGN §3 for every connection attempt, a count of attempts, and a way for a play function to cut
 * the open connections as a network loss or a gateway crash would.
 */
import { ws, type WebSocketHandler, type WebSocketHandlerConnection } from 'msw';
import { CloseCode } from '../../src/core/protocol.ts';
import { REFUSED_TICKET, mockWsUrl, redeemTicket } from './gateway.ts';

/** The page's side of one mocked connection. */
export type MockClient = WebSocketHandlerConnection['client'];

/** How the gateway answers one connection attempt. */
export type AttemptOutcome =
  /** Upgrade and run the endpoint. */
  | 'serve'
  /** No upgrade at all (gateway down): the page sees a 1006 close and never an open. */
  | 'unreachable'
  /** Upgrade, then close with an application code, as the gateway refuses what a browser cannot see (DESIGN §3). */
  | { readonly close: number; readonly reason: string };

/** Runs a served connection; `params` are the path parameters of the endpoint's URL pattern. */
export type ServeConnection = (client: MockClient, params: Readonly<Record<string, string>>) => void;

/** Options of {@link MockEndpoint}. */
export interface MockEndpointOptions {
  /** The gateway path, msw path parameters allowed (`/api/v1/ws/logs/:cluster/:ns/:pod`). */
  path: string;
  /** The outcome of attempt `n` (0 for the first); default every attempt is served. */
  attempt?: (n: number) => AttemptOutcome;
  serve: ServeConnection;
}

/** A mocked endpoint; put {@link MockEndpoint.handler} into the story's msw handlers. */
export class MockEndpoint {
  /** Connection attempts since the last {@link MockEndpoint.reset}. */
  attempts = 0;
  private readonly open = new Set<MockClient>();
  /** The msw handler of this endpoint. */
  readonly handler: WebSocketHandler;

  constructor(private readonly options: MockEndpointOptions) {
    const link = ws.link(mockWsUrl(options.path));
    this.handler = link.addEventListener('connection', ({ client, params }) => this.connect(client, params));
  }

  /** Forgets past attempts; call it before each render of the story (its `beforeEach`). */
  readonly reset = (): void => {
    this.attempts = 0;
    this.open.clear();
  };

  /** Closes every open connection; the default code is the 1006 of a lost network. */
  drop(code: number = CloseCode.Abnormal, reason = ''): void {
    for (const client of this.open) client.close(code, reason);
    this.open.clear();
  }

  private connect(client: MockClient, params: Readonly<Record<string, string | readonly string[] | undefined>>): void {
    const outcome = this.options.attempt?.(this.attempts) ?? 'serve';
    this.attempts++;
    if (outcome === 'unreachable') {
      // Closed before the open event is dispatched: the page never sees the socket open.
      client.close(CloseCode.Abnormal, '');
      return;
    }
    const refusal = outcome === 'serve' ? (redeemTicket(client.url) ? null : REFUSED_TICKET) : outcome;
    if (refusal) {
      // After the open event, as a gateway completes the upgrade before it closes with an application code.
      setTimeout(() => client.close(refusal.close, refusal.reason), 0);
      return;
    }
    this.open.add(client);
    client.addEventListener('close', () => this.open.delete(client));
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) if (typeof value === 'string') flat[name] = value;
    this.options.serve(client, flat);
  }
}
