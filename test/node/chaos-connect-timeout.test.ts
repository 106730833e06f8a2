/**
 * Seen while building the chaos run's black-hole fault: the connect timeout (DESIGN §4: an attempt over 10 s is abandoned) started
 * only once the target provider had answered, so a ticket fetch over a dead connection (it has no
 * timeout of its own) left the socket "connecting" for ever. The clock now covers the provider too,
 * and aborts its signal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ReconnectingSocket } from '../../src/core/reconnecting-socket.ts';
import { startWsServer, until } from '../support/ws-server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('ReconnectingSocket connect timeout', () => {
  it('abandons a target provider that never answers and tries again', async () => {
    const server = await startWsServer();
    cleanups.push(() => server.close());
    const aborted: boolean[] = [];
    let calls = 0;
    const socket = new ReconnectingSocket({
      page: null,
      backoff: { baseMs: 20, maxMs: 100 },
      connectTimeoutMs: 300,
      target: ({ signal }) => {
        calls++;
        if (calls > 1) return `${server.wsUrl}/x`;
        // A ticket request into a black hole: it settles only when aborted.
        return new Promise<string>((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted.push(true);
            reject(new Error('aborted'));
          });
        });
      },
    });
    cleanups.push(() => socket.dispose());
    socket.start();
    await until(() => socket.status.state === 'open', 'a connection after the hung provider', 5000);
    expect(calls).toBe(2);
    expect(aborted).toEqual([true]);
    expect(socket.status.closeReason).toMatch(/no connection within 300 ms/);
  });
});
