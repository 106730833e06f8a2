/**
 * Runs watch cases. Every frame gets the answer DESIGN §5 gives it: an ERROR 400 for anything
 * malformed (the socket stays open), 404 for an unknown cluster or type, 403 outside a user's
 * namespaces, SYNCED for a good subscribe, nothing for an unsubscribe; a trailing sentinel (one
 * more 400) proves the socket still reads. Oversize frames get 1009, a bad credential 4401.
 */
import { DEFAULT_CACHED_RESOURCES } from '../../server/config.ts';
import { CloseCode, Paths, parseWatchClientMessage, watchKeyId } from '../../src/core/protocol.ts';
import type { Credential, WatchCase, WatchMessage } from './cases.ts';
import { queryString, socketAuth, type SocketAuth } from './credentials.ts';
import type { GatewayUnderTest } from './gateway-child.ts';
import { endText, jsonFrames, judgeClose } from './judge-ws.ts';
import { OK, outcome, type Outcome } from './outcome.ts';
import { binary, exchange, text, violationFrame, type InFrame, type OutFrame } from './ws-probe.ts';

const BOUND_MS = 5000;
const SENTINEL = '{"action":"kvfuzz-sentinel"}';
const CLUSTERS = ['prod-us', 'staging-eu'];

/** What the contract answers one message with. */
type Answer = { kind: 'error'; code: 400 | 403 | 404 } | { kind: 'synced'; key: string } | { kind: 'silent'; key: string };

function answerOf(m: WatchMessage, credential: Credential): Answer {
  if (m.kind === 'binary') return { kind: 'error', code: 400 };
  const parsed = parseWatchClientMessage(m.data);
  if (!parsed.ok) return { kind: 'error', code: 400 };
  const { action, ...key } = parsed.value;
  const id = watchKeyId(key);
  if (action === 'unsubscribe') return { kind: 'silent', key: id };
  if (!CLUSTERS.includes(key.cluster)) return { kind: 'error', code: 404 };
  if (credential === 'nina' && key.namespace !== 'shop') return { kind: 'error', code: 403 };
  if (key.resource !== '*' && !DEFAULT_CACHED_RESOURCES.includes(key.resource)) return { kind: 'error', code: 404 };
  return { kind: 'synced', key: id };
}

/** The answers a batch must get: exact error counts, and SYNCED between `synced` and `synced + optional`. */
interface Expected {
  errors: Record<400 | 403 | 404, number>;
  synced: number;
  /** Subscribes a later message of the same key may supersede before their snapshot is sent. */
  optional: number;
}

function expectedOf(messages: readonly WatchMessage[], credential: Credential): Expected {
  const answers = messages.map((m) => answerOf(m, credential));
  const expected: Expected = { errors: { 400: 1, 403: 0, 404: 0 }, synced: 0, optional: 0 };
  answers.forEach((a, i) => {
    if (a.kind === 'error') expected.errors[a.code]++;
    else if (a.kind === 'synced') {
      const superseded = answers.slice(i + 1).some((later) => later.kind !== 'error' && later.key === a.key);
      if (superseded) expected.optional++;
      else expected.synced++;
    }
  });
  return expected;
}

interface Seen {
  errors: Map<number, number>;
  synced: number;
  /** Frames counted so far: each is parsed once, however many thousand arrive. */
  counted: number;
}

/** Adds the frames that arrived since the last call to the counts. */
function count(s: Seen, received: readonly InFrame[]): Seen {
  const fresh = received.slice(s.counted);
  s.counted = received.length;
  for (const frame of jsonFrames({ opened: true, received: fresh, end: { kind: 'enough' } })) {
    if (frame.type === 'SYNCED') s.synced++;
    if (frame.type === 'ERROR' && typeof frame.code === 'number') s.errors.set(frame.code, (s.errors.get(frame.code) ?? 0) + 1);
  }
  return s;
}

function complete(s: Seen, e: Expected): boolean {
  return s.synced >= e.synced && ([400, 403, 404] as const).every((code) => (s.errors.get(code) ?? 0) >= e.errors[code]);
}

function judgeAnswers(s: Seen, e: Expected): Outcome {
  for (const [code, n] of s.errors) {
    const wanted = code === 400 || code === 403 || code === 404 ? e.errors[code] : 0;
    if (n > wanted) return outcome('unclear', `ERROR ${code} x${n}, expected ${wanted}`);
  }
  if (s.synced > e.synced + e.optional) return outcome('unclear', `SYNCED x${s.synced}, expected at most ${e.synced + e.optional}`);
  return OK;
}

async function batch(gateway: GatewayUnderTest, auth: SocketAuth, extraQuery: string, frames: OutFrame[], e: Expected, bound: number): Promise<Outcome> {
  const s: Seen = { errors: new Map(), synced: 0, counted: 0 };
  const t = await exchange({
    url: `${gateway.wsUrl}${Paths.watch}${extraQuery}`,
    headers: auth.headers,
    protocols: auth.protocols,
    frames: [...frames, text(SENTINEL)],
    enough: (received) => complete(count(s, received), e),
    timeoutMs: bound,
  });
  count(s, t.received);
  if (t.end.kind === 'timeout') return outcome('hang', `answers incomplete after ${bound} ms: errors ${JSON.stringify(Object.fromEntries(s.errors))}, synced ${s.synced}`);
  if (t.end.kind !== 'enough') return outcome('unclear', `the watch socket ended: ${endText(t)}`);
  return judgeAnswers(s, e);
}

function subscribe(labelSelector?: string): string {
  return JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: labelSelector ? 'configmaps' : 'pods', ...(labelSelector ? { labelSelector } : {}) });
}

/** One watch case. */
export async function runWatch(gateway: GatewayUnderTest, c: WatchCase): Promise<Outcome> {
  switch (c.shape) {
    case 'messages': {
      const auth = socketAuth(gateway, c.credential, c.place);
      const frames = c.messages.map((m) => (m.kind === 'binary' ? binary(Buffer.from(m.data)) : text(m.data)));
      if (c.credential === 'garbage' || c.credential === 'none') {
        return judgeClose(await exchange({ url: `${gateway.wsUrl}${Paths.watch}${queryString(auth.query)}`, headers: auth.headers, protocols: auth.protocols, frames, timeoutMs: BOUND_MS }), [CloseCode.Unauthorized]);
      }
      return batch(gateway, auth, queryString(auth.query), frames, expectedOf(c.messages, c.credential), BOUND_MS);
    }
    case 'query': {
      const auth = socketAuth(gateway, c.credential, 'bearer');
      if (c.credential === 'garbage' || c.credential === 'none') {
        return judgeClose(await exchange({ url: `${gateway.wsUrl}${Paths.watch}${queryString(c.query)}`, headers: auth.headers, frames: [], timeoutMs: BOUND_MS }), [CloseCode.Unauthorized]);
      }
      return batch(gateway, auth, queryString(c.query), [], expectedOf([], c.credential), BOUND_MS);
    }
    case 'violation': {
      const auth = socketAuth(gateway, c.credential, 'bearer');
      const { frame, code } = violationFrame(c.violation);
      return judgeClose(await exchange({ url: `${gateway.wsUrl}${Paths.watch}`, headers: auth.headers, frames: [frame], timeoutMs: BOUND_MS }), [code]);
    }
    case 'mass-subscribe': {
      const frames = Array.from({ length: c.count }, (_, i) => text(subscribe(`kvfuzz-${i}=1`)));
      return batch(gateway, socketAuth(gateway, 'admin', 'bearer'), '', frames, { errors: { 400: 1, 403: 0, 404: 0 }, synced: c.count, optional: 0 }, BOUND_MS + c.count * 3);
    }
    case 'flood': {
      const frames = Array.from({ length: c.count }, (_, i) => text(i % 2 === 0 ? subscribe() : subscribe().replace('"subscribe"', '"unsubscribe"')));
      frames.push(text(subscribe()));
      return batch(gateway, socketAuth(gateway, 'admin', 'bearer'), '', frames, { errors: { 400: 1, 403: 0, 404: 0 }, synced: 1, optional: Math.ceil(c.count / 2) }, BOUND_MS + c.count * 2);
    }
  }
}
