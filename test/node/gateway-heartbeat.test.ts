/**
 * Heartbeats (`heartbeat=N`): a page cannot see WebSocket pings, so a socket that asks gets an empty
 * binary frame at once and every N seconds, on every endpoint, and nothing else changes; a value that
 * is no whole number of seconds from 1 to 300 is refused with 4400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/core/protocol.ts';
import { startHarness, WebSocket, type Harness } from '../support/gateway-harness.ts';
import { until } from '../support/until.ts';

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  token = await h.login('alice');
});

afterAll(() => h.stop());

const ENDPOINTS = {
  watch: '/api/v1/ws/watch',
  logs: '/api/v1/ws/logs/prod-us/default/my-pod',
  terminal: '/api/v1/ws/terminal/prod-us/default/my-pod',
};

function open(path: string, query: string): { ws: WebSocket; empty: () => number; texts: string[] } {
  const ws = new WebSocket(`${h.wsUrl}${path}?token=${token}&${query}`);
  let empty = 0;
  const texts: string[] = [];
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary && data.length === 0) empty++;
    else if (!isBinary) texts.push(data.toString());
  });
  return { ws, empty: () => empty, texts };
}

describe('heartbeats', () => {
  for (const [name, path] of Object.entries(ENDPOINTS)) {
    it(`${name}: an empty binary frame at once and then every second, beside the endpoint's own frames`, async () => {
      const socket = open(path, 'heartbeat=1');
      await until(() => socket.empty() >= 3, 'three heartbeats', 10_000);
      if (name === 'logs') await until(() => socket.texts.length > 0, 'log lines between the heartbeats');
      if (name === 'watch') {
        socket.ws.send(JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'pods' }));
        await until(() => socket.texts.some((t) => t.includes('"SYNCED"')), 'the snapshot between the heartbeats');
      }
      socket.ws.close();
      await h.closed(socket.ws);
    });
  }

  it('sends none without the parameter', async () => {
    const socket = open(ENDPOINTS.watch, '');
    await new Promise((resolve) => socket.ws.once('open', resolve));
    socket.ws.send(JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'pods' }));
    await until(() => socket.texts.some((t) => t.includes('"SYNCED"')), 'the snapshot');
    expect(socket.empty()).toBe(0);
    socket.ws.close();
  });

  for (const value of ['0', '301', 'abc', '1.5', '-1', '']) {
    it(`refuses heartbeat=${value} with 4400`, async () => {
      const socket = open(ENDPOINTS.logs, `heartbeat=${value}`);
      const closed = await h.closed(socket.ws);
      expect(closed.code).toBe(CloseCode.BadRequest);
      expect(closed.reason).toMatch(/heartbeat/);
    });
  }
});
