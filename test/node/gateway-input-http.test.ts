/**
 * Regressions (found by test/fuzz) in what the REST API answers to malformed HTTP: a request Node's
 * parser refuses (oversize headers, a body the framing does not allow) got fastify's own error
 * body instead of DESIGN §8's shape; a parameter given twice made a list answer 500; a body with
 * a non-string `metadata.name` made the emulator answer 500; an answer sent before the request
 * body was read was followed by an immediate close, which can reset the connection under it; and a
 * login with a megabyte user name was hashed and kept as a rate-limiter key.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/gateway-harness.ts';

let h: Harness;
let port: number;

beforeAll(async () => {
  h = await startHarness();
  port = Number(new URL(h.url).port);
}, 60_000);

afterAll(async () => {
  await h.stop();
});

/** Writes `request` to a fresh connection and resolves with everything the gateway sends back. */
function raw(request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(text));
    socket.end(request);
  });
}

function jsonBody(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

it('answers headers over the size limit with 431 in the JSON error shape', async () => {
  const response = await raw(`GET /api/v1/clusters HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`);
  expect(response).toMatch(/^HTTP\/1\.1 431 /);
  expect(jsonBody(response)).toEqual({ error: { code: 431, reason: 'RequestHeaderFieldsTooLarge', message: 'the request headers are too large' } });
});

it('answers a request that is not valid HTTP with 400 in the JSON error shape', async () => {
  const response = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
  expect(response).toMatch(/^HTTP\/1\.1 400 /);
  expect(jsonBody(response)).toEqual({ error: { code: 400, reason: 'BadRequest', message: 'the request is not valid HTTP' } });
});

it.each(['labelSelector=app%3Dweb&labelSelector=tier%3Ddb', 'namespace=default&namespace=shop'])('refuses a repeated list parameter (%s) with 400', async (query) => {
  const res = await fetch(`${h.url}/api/v1/clusters/prod-us/pods?${query}`, { headers: { Authorization: `Bearer ${h.adminToken}` } });
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/must be given once$/);
});

async function login(username: string, password: string): Promise<{ status: number; message: string }> {
  const res = await fetch(`${h.url}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await res.json()) as { error?: { message: string } };
  return { status: res.status, message: body.error?.message ?? '' };
}

it('refuses a login name no user can have and an oversize password with 400, before the rate limit counts them', async () => {
  expect(await login('u'.repeat(100_000), 'x')).toEqual({ status: 400, message: 'username must be 1-64 letters, digits or ._@-' });
  expect(await login('../victor', 'x')).toMatchObject({ status: 400 });
  for (let i = 0; i < 12; i++) expect(await login('victor', 'p'.repeat(200_000))).toEqual({ status: 400, message: 'password must be at most 1024 characters' });
  expect((await login('victor', 'victor-secret-pw')).status).toBe(200);
});

it('passes on 400 for an object whose metadata.name is not a string', async () => {
  const res = await fetch(`${h.url}/api/v1/clusters/prod-us/configmaps?namespace=default`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${h.adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ metadata: { name: 5 } }),
  });
  expect(res.status).toBe(400);
  expect(await res.json()).toMatchObject({ error: { code: 400, reason: 'BadRequest', message: expect.stringContaining('metadata.name of type string') } });
});

/**
 * Sends `head` and then a body of `size` bytes in two parts with a pause between, as a slow client
 * would, on a half-open connection; resolves with the answer and any socket error.
 */
async function upload(head: string, size: number): Promise<{ response: string; errors: string[]; hadError: boolean }> {
  // Half-open allowed: the gateway ends its side after the answer, and the client still finishes its upload.
  const socket: Socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  let response = '';
  const errors: string[] = [];
  socket.on('data', (chunk: Buffer) => (response += chunk.toString()));
  socket.on('error', (error) => errors.push(error.message));
  const closed = new Promise<boolean>((resolve) => socket.on('close', resolve));
  const first = Math.floor(size * 0.8);
  socket.write(head);
  socket.write(Buffer.alloc(first, 0x20));
  await new Promise<void>((resolve) => {
    const wait = (): void => (response.includes('\r\n\r\n{') ? resolve() : void setTimeout(wait, 10));
    wait();
  });
  // The gateway has answered; the rest of the body is still on its way, as from a real client.
  await new Promise((r) => setTimeout(r, 200));
  socket.end(Buffer.alloc(size - first, 0x20));
  return { response, errors, hadError: await closed };
}

it('keeps reading a body it refused (413) until the client ends, instead of resetting the connection', async () => {
  const size = 5 * 1024 * 1024;
  const result = await upload(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`, size);
  expect(result).toMatchObject({ errors: [], hadError: false, response: expect.stringMatching(/^HTTP\/1\.1 413 /) });
});

it('keeps reading after answering a request Node cannot parse (431), instead of resetting the connection', async () => {
  const size = 3 * 1024 * 1024;
  const result = await upload(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nX-Big: ${'x'.repeat(20_000)}\r\nContent-Length: ${size}\r\n\r\n`, size);
  expect(result).toMatchObject({ errors: [], hadError: false, response: expect.stringMatching(/^HTTP\/1\.1 431 /) });
});
