/**
 * The watch socket's status as a zustand store, one per client, so any number of badges and hooks
 * read it without each adding a listener to the socket.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { CloseCode, type KubeVisionClient, type SocketStatus } from '../core/index.js';

/** What a connection display shows. */
export type ConnectionStateName = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'signed-out' | 'error';

/** The connection state of a {@link KubeVisionClient}'s shared watch socket. */
export interface ConnectionState {
  readonly state: ConnectionStateName;
  /** While reconnecting: epoch ms of the next attempt; null while an attempt is under way. */
  readonly retryAt: number | null;
  /** Close code of the last close, if any. */
  readonly code: number | null;
  /** Why the socket stopped or last closed, if known. */
  readonly reason: string | null;
}

/** Reads a socket status as a connection state: `signed-out` is a final 4401, `offline` the browser's network report. */
export function connectionStateOf(status: SocketStatus): ConnectionState {
  const base = { retryAt: null, code: status.closeCode, reason: status.error ?? status.closeReason };
  switch (status.state) {
    case 'idle':
    case 'connecting':
      return { ...base, state: status.offline ? 'offline' : 'connecting' };
    case 'open':
      return { state: 'live', retryAt: null, code: null, reason: null };
    case 'reconnecting':
      return status.offline ? { ...base, state: 'offline' } : { ...base, state: 'reconnecting', retryAt: status.retryAt };
    case 'closed':
      if (status.closeCode === CloseCode.Unauthorized) return { ...base, state: 'signed-out' };
      // A close without error is a deliberate end (client disposed, normal close): not connected, not failed.
      return { ...base, state: status.error === null ? 'offline' : 'error' };
  }
}

function sameConnectionState(a: ConnectionState, b: ConnectionState): boolean {
  return a.state === b.state && a.retryAt === b.retryAt && a.code === b.code && a.reason === b.reason;
}

// Keyed by client so the store lives and dies with it, without the provider having to own it.
const stores = new WeakMap<KubeVisionClient, StoreApi<ConnectionState>>();

/** The connection store of `client`, created on first use and fed by `client.connection` status events. */
export function connectionStore(client: KubeVisionClient): StoreApi<ConnectionState> {
  let store = stores.get(client);
  if (!store) {
    const created = createStore<ConnectionState>(() => connectionStateOf(client.connection.status));
    client.connection.on('status', (status) => {
      const next = connectionStateOf(status);
      // Socket statuses change in ways the badge does not show (attempt counts); keep the reference then.
      if (!sameConnectionState(created.getState(), next)) created.setState(next, true);
    });
    stores.set(client, created);
    store = created;
  }
  return store;
}
