/**
 * Regressions (found by test/fuzz) in what the WebSocket endpoints answer to malformed input:
 * - an upgrade whose path fastify cannot route (bad percent-encoding, a segment over
 *   maxParamLength) got an HTTP 400, which a browser cannot read and reconnects after; it must be
 *   upgraded and closed with 4400 after the credential check (4401);
 * - `ws` closed a frame over the size limit (1009) and a text frame that is not UTF-8 (1007)
 *   without a reason, and @fastify/websocket logged the client's mistake as a gateway error and
 *   cut the socket.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, WebSocket, type Harness } from '../support/gateway-harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h.stop();
});

function close(path: string, token: string | null): Promise<{ code: number; reason: string } | { status: number }> {
  const ws = new WebSocket(`${h.wsUrl}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', () => undefined);
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

it.each([
  ['a bad percent escape', '/api/v1/ws/logs/prod-us/default/my%zzpod', 'the request path is not validly encoded'],
  ['a truncated UTF-8 escape', '/api/v1/ws/terminal/prod-us/default/my%E0%A4pod', 'the request path is not validly encoded'],
  ['a segment over 512 characters', `/api/v1/ws/logs/prod-us/default/${'a'.repeat(600)}`, 'a path segment is too long'],
])('upgrades a path with %s and closes it with 4400', async (_what, path, reason) => {
  expect(await close(path, h.adminToken)).toEqual({ code: 4400, reason });
});

it('checks the credential first: 4401 without a token', async () => {
  expect(await close('/api/v1/ws/logs/prod-us/default/my%zzpod', null)).toMatchObject({ code: 4401 });
});

it('answers a plain request to such a path with the JSON error shape', async () => {
  const res = await fetch(`${h.url}/api/v1/clusters/prod-us/pods/my%zzpod?namespace=default`, { headers: { Authorization: `Bearer ${h.adminToken}` } });
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({ error: { code: 400, reason: 'BadRequest', message: 'the request path is not validly encoded' } });
});

const ENDPOINTS = ['/api/v1/ws/watch', '/api/v1/ws/logs/prod-us/default/my-pod?tail=0', '/api/v1/ws/terminal/prod-us/default/my-pod'];

async function violate(path: string, frame: Uint8Array | string, binary: boolean): Promise<{ code: number; reason: string }> {
  const ws = new WebSocket(`${h.wsUrl}${path}`, { headers: { Authorization: `Bearer ${h.adminToken}` } });
  ws.on('error', () => undefined);
  await new Promise((resolve) => ws.once('open', resolve));
  const closed = h.closed(ws);
  ws.send(frame, { binary });
  return closed;
}

function errorLines(): string[] {
  return h.logs.filter((line) => line.includes('"level":50'));
}

it.each(ENDPOINTS)('closes %s with 1009 and a reason on a frame over 64 KiB', async (path) => {
  expect(await violate(path, new Uint8Array(100_000), true)).toEqual({ code: 1009, reason: 'frame too large for this gateway' });
  expect(errorLines()).toEqual([]);
});

it.each(ENDPOINTS)('closes %s with 1007 and a reason on a text frame that is not UTF-8', async (path) => {
  expect(await violate(path, Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]), false)).toEqual({ code: 1007, reason: 'text frame is not valid UTF-8' });
  expect(errorLines()).toEqual([]);
});
