/**
 * How the security matrix talks to the gateway: a credential in each place the gateway looks for one,
 * each WebSocket endpoint reduced to one outcome word, and REST calls checked for the JSON error shape.
 */
import { request as httpRequest } from 'node:http';
import { Paths, SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX, type WatchKey } from '../../src/core/protocol.ts';
import type { Evidence } from './security-evidence.ts';
import { probeSocket, type SocketTrace, type UpgradeOptions } from './security-socket.ts';

/** Where a credential travels on an upgrade (DESIGN §3). */
export type Carrier = 'query' | 'query, name encoded' | 'bearer' | 'subprotocol';

/** Every carrier. */
export const CARRIERS: readonly Carrier[] = ['query', 'query, name encoded', 'bearer', 'subprotocol'];

/** A credential placed in one carrier: the query string part (encoded, without "?") and the upgrade options. */
export interface Carried {
  readonly query: string;
  readonly options: UpgradeOptions;
}

/** Puts `credential` (null: none) where `carrier` says. */
export function carry(carrier: Carrier, credential: string | null, origin?: string): Carried {
  const base = origin === undefined ? {} : { origin };
  if (credential === null) return { query: '', options: carrier === 'subprotocol' ? { ...base, protocols: [SUBPROTOCOL] } : base };
  switch (carrier) {
    case 'query':
      return { query: `token=${encodeURIComponent(credential)}`, options: base };
    case 'query, name encoded':
      // "%74oken" is "token" to every query parser, but not to a redaction that looks for the literal name.
      return { query: `%74oken=${encodeURIComponent(credential)}`, options: base };
    case 'bearer':
      return { query: '', options: { ...base, headers: { Authorization: `Bearer ${credential}` } } };
    case 'subprotocol':
      return { query: '', options: { ...base, protocols: [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${Buffer.from(credential).toString('base64url')}`] } };
  }
}

/** The three WebSocket endpoints. */
export type SocketEndpoint = 'watch' | 'logs' | 'terminal';

/** Every WebSocket endpoint. */
export const SOCKET_ENDPOINTS: readonly SocketEndpoint[] = ['watch', 'terminal', 'logs'];

/** A pod and container a logs or terminal socket opens; for watch, the key it subscribes. */
export interface SocketTarget {
  readonly cluster: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  /** The watch subscription; default pods in `namespace`. */
  readonly watch?: WatchKey;
}

/** One endpoint's outcome: "ok" when it did its job, else the close code, `ERROR <code>` or `HTTP <status>`. */
export interface EndpointResult {
  readonly outcome: string;
  readonly trace: SocketTrace;
}

/** `?params&carried`, or nothing when both are empty. */
function search(params: Record<string, string>, carried: string): string {
  const text = [new URLSearchParams(params).toString(), carried].filter((part) => part !== '').join('&');
  return text ? `?${text}` : '';
}

/** The gateway's answer when it is not the endpoint's own success. */
function refusal(trace: SocketTrace): string {
  if (trace.refusedStatus !== null) {
    const shaped = isErrorShape(parseJson(trace.refusedBody), trace.refusedStatus);
    return `HTTP ${trace.refusedStatus}${shaped ? '' : ' (not the error shape)'}`;
  }
  if (trace.timedOut) return 'timeout';
  return String(trace.close?.code ?? 'no close');
}

/** A text frame of the watch protocol. */
export interface WatchFrame {
  type: string;
  cluster?: string;
  code?: number;
  resource?: string;
  object?: { kind?: string; metadata?: { name?: string; namespace?: string }; data?: Record<string, string> };
}

/** The parsed text frames of a watch trace. */
export function watchFrames(trace: SocketTrace): WatchFrame[] {
  return trace.texts.map((t) => JSON.parse(t) as WatchFrame);
}

/**
 * Opens `endpoint` on `target` with `carried`: watch subscribes and answers "ok" on SYNCED, logs
 * reads one line without following and answers "ok" on 1000, terminal runs `env` and answers "ok"
 * on its exit frame with code 0 and 1000.
 */
export async function openEndpoint(wsBase: string, endpoint: SocketEndpoint, target: SocketTarget, carried: Carried, evidence: Evidence): Promise<EndpointResult> {
  const { cluster, namespace, pod, container } = target;
  if (endpoint === 'watch') {
    const key = target.watch ?? { cluster, namespace, resource: 'pods' };
    const trace = await probeSocket(
      `${wsBase}${Paths.watch}${search({}, carried.query)}`,
      { ...carried.options, send: [JSON.stringify({ action: 'subscribe', ...key })], until: (texts) => texts.some((t) => /^\{"type":"(SYNCED|ERROR)"/.test(t)) },
      evidence,
    );
    const last = watchFrames(trace).find((f) => f.type === 'SYNCED' || f.type === 'ERROR');
    return { trace, outcome: last?.type === 'SYNCED' ? 'ok' : last?.type === 'ERROR' ? `ERROR ${last.code ?? '?'}` : refusal(trace) };
  }
  const path = `${endpoint === 'logs' ? Paths.logs : Paths.terminal}/${cluster}/${namespace}/${pod}`;
  const query: Record<string, string> = endpoint === 'logs' ? { container, tail: '1', follow: 'false' } : { container, command: 'env' };
  const trace = await probeSocket(`${wsBase}${path}${search(query, carried.query)}`, carried.options, evidence);
  const exited = trace.texts.some((t) => t === JSON.stringify({ type: 'exit', code: 0 }));
  const done = trace.close?.code === 1000 && (endpoint === 'logs' || exited);
  return { trace, outcome: done ? 'ok' : refusal(trace) };
}

/** A REST answer: the status, the body, and whether an error has the JSON shape of DESIGN §8. */
export interface RestResult {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
  /** The status, with " (not the error shape)" appended to an error without `{error:{code,reason,message}}`. */
  readonly outcome: string;
}

/** True for `{ "error": { "code": status, "reason": "...", "message": "..." } }`. */
function isErrorShape(json: unknown, status: number): boolean {
  const error = (json as { error?: { code?: unknown; reason?: unknown; message?: unknown } } | null)?.error;
  return error?.code === status && typeof error.reason === 'string' && typeof error.message === 'string';
}

/** A REST request options: credential, origin, body. */
export interface RestOptions {
  readonly bearer?: string | null;
  readonly origin?: string;
  readonly body?: unknown;
  readonly contentType?: string;
}

/** Calls the REST API; error bodies go to `evidence`. */
export async function rest(base: string, method: string, path: string, options: RestOptions, evidence: Evidence): Promise<RestResult> {
  const headers: Record<string, string> = {};
  if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
  if (options.origin) headers.Origin = options.origin;
  if (options.body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  const res = await fetch(`${base}${path}`, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
  return answer(res.status, await res.text(), evidence);
}

/** A request sent with node:http, as written. */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The client address to send from (another loopback address is another client to the gateway). */
  readonly localAddress?: string;
}

/**
 * Sends `request` with its path exactly as written: fetch would resolve `..` and `%2e%2e` segments
 * before sending (WHATWG URL rules), which is what a hostile client does not do.
 */
export function rawRequest(base: string, request: RawRequest, evidence: Evidence): Promise<RestResult & { headers: Record<string, string | string[] | undefined> }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const { method, path, headers = {}, localAddress } = request;
    const req = httpRequest({ hostname, port, path, method, headers: { ...headers }, ...(localAddress ? { localAddress } : {}) }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ ...answer(res.statusCode ?? 0, text, evidence), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function answer(status: number, text: string, evidence: Evidence): RestResult {
  const json = parseJson(text);
  if (status >= 400) evidence.saw('error body', text);
  const shaped = status < 400 || isErrorShape(json, status);
  return { status, text, json, outcome: shaped ? String(status) : `${status} (not the error shape)` };
}
