/**
 * The wire contract of the KubeVision WebSocket API (seed document plus DESIGN §3-§8): every message,
 * close code, path and query parameter, with parse functions that reject malformed input and say why.
 * The kit and the gateway both import this file, so there is one definition of every message.
 */
import { clusterNameError, dns1123LabelError, dns1123SubdomainError, resourceNameError } from './names.js';
import { parseLabelSelector } from './label-selector.js';
import { isRfc3339 } from './timestamps.js';

/** Result of every parse function here: the value, or a sentence saying what is wrong. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = <T>(error: string): ParseResult<T> => ({ ok: false, error });

/** WebSocket close codes used by the gateway (DESIGN §3). */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  ProtocolError: 1002,
  Abnormal: 1006,
  InvalidPayload: 1007,
  MessageTooBig: 1009,
  InternalError: 1011,
  ServiceRestart: 1012,
  TryAgainLater: 1013,
  BadRequest: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  NotFound: 4404,
  SlowConsumer: 4408,
  TooManyConnections: 4429,
} as const;

/** One of the close codes of {@link CloseCode}. */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** What a client does after a close: reconnect with backoff, refresh its token once, or stop. */
export type CloseReaction = 'done' | 'retry' | 'refresh-token' | 'stop';

/** The client reaction for a close code, as the table of DESIGN §3 says; unknown codes retry. */
export function closeReaction(code: number): CloseReaction {
  switch (code) {
    case CloseCode.Normal:
      return 'done';
    case CloseCode.Unauthorized:
      return 'refresh-token';
    // Refusals, and frames the client broke (protocol, UTF-8, size): a reconnect would repeat them.
    case CloseCode.BadRequest:
    case CloseCode.Forbidden:
    case CloseCode.NotFound:
    case CloseCode.ProtocolError:
    case CloseCode.InvalidPayload:
    case CloseCode.MessageTooBig:
      return 'stop';
    default:
      return 'retry';
  }
}

/** Close reasons are at most 123 bytes of UTF-8 (RFC 6455); this cuts on a character boundary. */
export function truncateCloseReason(reason: string): string {
  const bytes = new TextEncoder().encode(reason);
  if (bytes.length <= 123) return reason;
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.slice(0, 120)).replace(/\uFFFD+$/, '') + '...';
}

/** Paths of the gateway's endpoints. */
export const Paths = {
  watch: '/api/v1/ws/watch',
  terminal: '/api/v1/ws/terminal',
  logs: '/api/v1/ws/logs',
  login: '/api/v1/auth/login',
  wsTicket: '/api/v1/auth/ws-ticket',
  me: '/api/v1/auth/me',
  clusters: '/api/v1/clusters',
  terminalSessions: '/api/v1/audit/terminal-sessions',
} as const;

/** The subprotocol the gateway answers with when a client sends its token as a subprotocol. */
export const SUBPROTOCOL = 'kubevision.v1';
/** Prefix of the subprotocol that carries a base64url token: `base64url.bearer.kubevision.io.<token>`. */
export const TOKEN_SUBPROTOCOL_PREFIX = 'base64url.bearer.kubevision.io.';

/** Answer of `POST /api/v1/auth/ws-ticket`: a single-use ticket usable as a token for 30 s. */
export interface WsTicketResponse {
  ticket: string;
  expiresIn: number;
}

/** One recorded terminal session, as `GET /api/v1/audit/terminal-sessions` lists it. */
export interface TerminalSessionRecord {
  /** A random UUID; also names the recording. */
  id: string;
  user: string;
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  /** The command that ran in the terminal (argv). */
  command: string[];
  /** RFC3339 start time. */
  startedAt: string;
  /** Null while the session runs, or when the gateway died before finishing the recording. */
  endedAt: string | null;
  /** Null when the session ended without an exit status (client left, idle timeout, shutdown, error). */
  exitCode: number | null;
  /** Output bytes the pod sent. */
  bytes: number;
}

/** One page of terminal sessions; pass `nextCursor` as `cursor` for the next, null on the last page. */
export interface TerminalSessionPage {
  items: TerminalSessionRecord[];
  nextCursor: string | null;
}

/** Filters and paging of the terminal-session listing; every field is optional. */
export interface TerminalSessionQuery {
  cluster?: string;
  user?: string;
  /** Sessions that started at or after this instant. */
  from?: Date;
  /** Sessions that started before this instant. */
  to?: Date;
  /** Page size (1 to the gateway's maximum). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** JSON error body of every REST endpoint. */
export interface ApiErrorBody {
  error: { code: number; reason: string; message: string };
}

// ---------------------------------------------------------------------------------------------------
// Kubernetes objects as they travel in watch events

/** The metadata fields the protocol relies on; everything else passes through untouched. */
export interface KubeObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  [field: string]: unknown;
}

/** Any Kubernetes object; a watch event carries one. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeObjectMeta;
  [field: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------
// /api/v1/ws/watch

/** The identity of a watch subscription. `namespace: ""` is all namespaces, `resource: "*"` every cached type. */
export interface WatchKey {
  cluster: string;
  namespace: string;
  resource: string;
  /** Extension: a Kubernetes label selector; part of the key. */
  labelSelector?: string;
}

/** Client → server: start a subscription (seed). */
export interface WatchSubscribe extends WatchKey {
  action: 'subscribe';
}

/** Client → server: end a subscription (seed). */
export interface WatchUnsubscribe extends WatchKey {
  action: 'unsubscribe';
}

/** Every message a watch client sends. */
export type WatchClientMessage = WatchSubscribe | WatchUnsubscribe;

/** The three event types of the seed. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Server → client: one object changed (seed). */
export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  cluster: string;
  resource: string;
  object: T;
}

/** Server → client: the snapshot for a subscription is complete (extension). */
export interface WatchSynced extends WatchKey {
  type: 'SYNCED';
}

/** Server → client: a subscription failed; the socket stays open (extension). */
export interface WatchError {
  type: 'ERROR';
  cluster?: string;
  namespace?: string;
  resource?: string;
  labelSelector?: string;
  code: number;
  message: string;
}

/** Every message the watch endpoint sends. */
export type WatchServerMessage = WatchEvent | WatchSynced | WatchError;

/** The canonical string of a watch key, equal for equal subscriptions. */
export function watchKeyId(key: WatchKey): string {
  return JSON.stringify([key.cluster, key.namespace, key.resource, key.labelSelector ?? '']);
}

type Json = Record<string, unknown>;

function parseJsonObject(text: string): ParseResult<Json> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('invalid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected a JSON object');
  return ok(value as Json);
}

function stringField(obj: Json, field: string, required: boolean): ParseResult<string | undefined> {
  const v = obj[field];
  if (v === undefined && !required) return ok(undefined);
  if (typeof v !== 'string') return fail(`"${field}" must be a string`);
  return ok(v);
}

/** Checks the fields of a watch key: cluster and resource names, namespace label, selector syntax. */
export function validateWatchKey(obj: Json): ParseResult<WatchKey> {
  const fields: Record<string, string | undefined> = {};
  for (const f of ['cluster', 'namespace', 'resource'] as const) {
    const r = stringField(obj, f, true);
    if (!r.ok) return r;
    fields[f] = r.value;
  }
  const sel = stringField(obj, 'labelSelector', false);
  if (!sel.ok) return sel;
  const { cluster = '', namespace = '', resource = '' } = fields;
  const nameErr =
    prefixed('cluster', clusterNameError(cluster)) ??
    (namespace === '' ? null : prefixed('namespace', dns1123LabelError(namespace))) ??
    (resource === '*' ? null : prefixed('resource', resourceNameError(resource)));
  if (nameErr) return fail(nameErr);
  const key: WatchKey = { cluster, namespace, resource };
  if (sel.value !== undefined && sel.value.trim() !== '') {
    const parsed = parseLabelSelector(sel.value);
    if (!parsed.ok) return parsed;
    key.labelSelector = parsed.value.source;
  }
  return ok(key);
}

/** Parses a message a watch client sent (gateway side). */
export function parseWatchClientMessage(text: string): ParseResult<WatchClientMessage> {
  const json = parseJsonObject(text);
  if (!json.ok) return json;
  const action = json.value.action;
  if (action !== 'subscribe' && action !== 'unsubscribe') {
    return fail(typeof action === 'string' ? `unknown action "${action}"` : '"action" must be "subscribe" or "unsubscribe"');
  }
  const key = validateWatchKey(json.value);
  if (!key.ok) return key;
  return ok({ action, ...key.value });
}

function isKubeObject(v: unknown): v is KubeObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const meta = (v as Json).metadata;
  return typeof meta === 'object' && meta !== null && !Array.isArray(meta);
}

/** Parses a message the watch endpoint sent (kit side). */
export function parseWatchServerMessage(text: string): ParseResult<WatchServerMessage> {
  const json = parseJsonObject(text);
  if (!json.ok) return json;
  const m = json.value;
  switch (m.type) {
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED': {
      if (typeof m.cluster !== 'string' || typeof m.resource !== 'string') {
        return fail(`${m.type} event needs "cluster" and "resource" strings`);
      }
      if (!isKubeObject(m.object)) return fail(`${m.type} event needs an "object" with "metadata"`);
      return ok({ type: m.type, cluster: m.cluster, resource: m.resource, object: m.object });
    }
    case 'SYNCED': {
      if (typeof m.cluster !== 'string' || typeof m.namespace !== 'string' || typeof m.resource !== 'string') {
        return fail('SYNCED needs "cluster", "namespace" and "resource" strings');
      }
      const synced: WatchSynced = { type: 'SYNCED', cluster: m.cluster, namespace: m.namespace, resource: m.resource };
      if (typeof m.labelSelector === 'string' && m.labelSelector !== '') synced.labelSelector = m.labelSelector;
      return ok(synced);
    }
    case 'ERROR': {
      if (typeof m.code !== 'number' || typeof m.message !== 'string') {
        return fail('ERROR needs a numeric "code" and a "message" string');
      }
      const error: WatchError = { type: 'ERROR', code: m.code, message: m.message };
      for (const f of ['cluster', 'namespace', 'resource', 'labelSelector'] as const) {
        const v = m[f];
        if (typeof v === 'string') error[f] = v;
      }
      return ok(error);
    }
    default:
      return fail(typeof m.type === 'string' ? `unknown message type "${m.type}"` : 'missing "type"');
  }
}

// ---------------------------------------------------------------------------------------------------
// /api/v1/ws/terminal/:cluster/:ns/:pod

/** Client → server text frame: the seed's resize, and the pause/resume flow-control extension. */
export type TerminalControl = { type: 'resize'; cols: number; rows: number } | { type: 'pause' } | { type: 'resume' };

/** Server → client text frame (extension): the process exited, or the session failed. */
export type TerminalStatus = { type: 'exit'; code: number } | { type: 'error'; message: string };

/** Largest terminal dimension either side accepts. */
export const MAX_TERMINAL_DIMENSION = 1000;

function dimensionError(name: string, v: unknown): string | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_TERMINAL_DIMENSION
    ? null
    : `"${name}" must be an integer from 1 to ${MAX_TERMINAL_DIMENSION}`;
}

/** Parses a terminal control frame (gateway side). */
export function parseTerminalControl(text: string): ParseResult<TerminalControl> {
  const json = parseJsonObject(text);
  if (!json.ok) return json;
  const m = json.value;
  if (m.type === 'resize') {
    const err = dimensionError('cols', m.cols) ?? dimensionError('rows', m.rows);
    if (err) return fail(err);
    return ok({ type: 'resize', cols: m.cols as number, rows: m.rows as number });
  }
  if (m.type === 'pause' || m.type === 'resume') return ok({ type: m.type });
  return fail(typeof m.type === 'string' ? `unknown control type "${m.type}"` : 'missing "type"');
}

/** Parses a terminal status frame (kit side). */
export function parseTerminalStatus(text: string): ParseResult<TerminalStatus> {
  const json = parseJsonObject(text);
  if (!json.ok) return json;
  const m = json.value;
  if (m.type === 'exit') {
    if (typeof m.code !== 'number' || !Number.isInteger(m.code)) return fail('exit needs an integer "code"');
    return ok({ type: 'exit', code: m.code });
  }
  if (m.type === 'error') {
    if (typeof m.message !== 'string') return fail('error needs a "message" string');
    return ok({ type: 'error', message: m.message });
  }
  return fail(typeof m.type === 'string' ? `unknown status type "${m.type}"` : 'missing "type"');
}

// ---------------------------------------------------------------------------------------------------
// Path targets and query parameters of the terminal and log endpoints

/** The pod a terminal or log socket is about: the `:cluster/:ns/:pod` of the path. */
export interface PodTarget {
  cluster: string;
  namespace: string;
  pod: string;
}

/** Checks a pod target; the error names the bad segment. */
export function validatePodTarget(target: PodTarget): ParseResult<PodTarget> {
  const err =
    prefixed('cluster', clusterNameError(target.cluster)) ??
    prefixed('namespace', dns1123LabelError(target.namespace)) ??
    prefixed('pod', dns1123SubdomainError(target.pod));
  return err ? fail(err) : ok(target);
}

function prefixed(name: string, error: string | null): string | null {
  return error ? `${name} ${error}` : null;
}

/** The URL path of a pod endpoint, with each segment encoded. */
export function podPath(base: string, target: PodTarget): string {
  return [base, target.cluster, target.namespace, target.pod].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
}

/** Query parameters of `/api/v1/ws/terminal/...` (token excluded). */
export interface TerminalQuery {
  /** Container name; default: the pod's first container. */
  container?: string;
  /** Command and arguments (repeatable `command`); default: bash if present, else sh. */
  command?: string[];
  /** Initial size. */
  cols?: number;
  rows?: number;
}

/** Query parameters of `/api/v1/ws/logs/...` (token excluded). */
export interface LogQuery {
  /** Container name; default: the pod's first container. */
  container?: string;
  /** Lines of history before streaming; default 100 (seed); -1 means the whole log. */
  tail?: number;
  /** Prefix each line with its RFC3339Nano timestamp; default false. */
  timestamps?: boolean;
  /** Only lines at or after this RFC3339 time (resume). */
  sinceTime?: string;
  /** The previous container instance's log. */
  previous?: boolean;
  /** Keep streaming new lines; default true. */
  follow?: boolean;
}

/** Longest command line the terminal endpoint accepts, in arguments. */
export const MAX_COMMAND_ARGS = 64;

function parseBool(params: URLSearchParams, name: string): ParseResult<boolean | undefined> {
  const v = params.get(name);
  if (v === null) return ok(undefined);
  if (v === 'true' || v === '1' || v === '') return ok(true);
  if (v === 'false' || v === '0') return ok(false);
  return fail(`"${name}" must be true or false`);
}

function parseInteger(params: URLSearchParams, name: string, min: number, max: number): ParseResult<number | undefined> {
  const v = params.get(name);
  if (v === null) return ok(undefined);
  if (!/^-?\d+$/.test(v)) return fail(`"${name}" must be an integer`);
  const n = Number(v);
  if (n < min || n > max) return fail(`"${name}" must be from ${min} to ${max}`);
  return ok(n);
}

function parseContainer(params: URLSearchParams): ParseResult<string | undefined> {
  const c = params.get('container');
  if (c === null || c === '') return ok(undefined);
  const err = dns1123LabelError(c);
  return err ? fail(`container ${err}`) : ok(c);
}

/** Parses the query of a terminal upgrade request (gateway side). */
export function parseTerminalQuery(params: URLSearchParams): ParseResult<TerminalQuery> {
  const container = parseContainer(params);
  if (!container.ok) return container;
  const cols = parseInteger(params, 'cols', 1, MAX_TERMINAL_DIMENSION);
  if (!cols.ok) return cols;
  const rows = parseInteger(params, 'rows', 1, MAX_TERMINAL_DIMENSION);
  if (!rows.ok) return rows;
  const command = params.getAll('command');
  if (command.length > MAX_COMMAND_ARGS) return fail(`"command" takes at most ${MAX_COMMAND_ARGS} arguments`);
  if (command.length > 0 && command[0] === '') return fail('"command" must not start with an empty argument');
  const query: TerminalQuery = {};
  if (container.value !== undefined) query.container = container.value;
  if (command.length > 0) query.command = command;
  if (cols.value !== undefined) query.cols = cols.value;
  if (rows.value !== undefined) query.rows = rows.value;
  return ok(query);
}

/** Largest `tail` the log endpoint accepts. */
export const MAX_TAIL_LINES = 1_000_000;

/**
 * Query parameter of every endpoint (extension): `heartbeat=N` asks the gateway for an empty binary
 * frame every N seconds (1 to {@link MAX_HEARTBEAT_SECONDS}), the first at once. Browsers do not show
 * WebSocket pings to scripts, so this is how a page tells a live but quiet socket from a dead one.
 */
export const HEARTBEAT_PARAM = 'heartbeat';

/** The longest heartbeat interval a client may ask for, in seconds. */
export const MAX_HEARTBEAT_SECONDS = 300;

/** Parses the `heartbeat` parameter (gateway side): undefined when absent. */
export function parseHeartbeat(params: URLSearchParams): ParseResult<number | undefined> {
  return parseInteger(params, HEARTBEAT_PARAM, 1, MAX_HEARTBEAT_SECONDS);
}

/** True for a heartbeat frame: an empty binary message. */
export function isHeartbeat(data: string | ArrayBuffer | Uint8Array): boolean {
  return typeof data !== 'string' && data.byteLength === 0;
}

/** Parses the query of a log upgrade request (gateway side). */
export function parseLogQuery(params: URLSearchParams): ParseResult<LogQuery> {
  const container = parseContainer(params);
  if (!container.ok) return container;
  const tail = parseInteger(params, 'tail', -1, MAX_TAIL_LINES);
  if (!tail.ok) return tail;
  const query: LogQuery = {};
  for (const name of ['timestamps', 'previous', 'follow'] as const) {
    const b = parseBool(params, name);
    if (!b.ok) return b;
    if (b.value !== undefined) query[name] = b.value;
  }
  const since = params.get('sinceTime');
  if (since !== null && !isRfc3339(since)) return fail('"sinceTime" must be an RFC3339 timestamp');
  if (container.value !== undefined) query.container = container.value;
  if (tail.value !== undefined) query.tail = tail.value;
  if (since !== null) query.sinceTime = since;
  return ok(query);
}

/** Encodes a terminal query as URL parameters. */
export function terminalQueryParams(query: TerminalQuery): URLSearchParams {
  const p = queryParams(query.container, [
    ['cols', query.cols],
    ['rows', query.rows],
  ]);
  for (const arg of query.command ?? []) p.append('command', arg);
  return p;
}

/** Encodes a log query as URL parameters. */
export function logQueryParams(query: LogQuery): URLSearchParams {
  return queryParams(query.container, [
    ['tail', query.tail],
    ['timestamps', query.timestamps],
    ['sinceTime', query.sinceTime],
    ['previous', query.previous],
    ['follow', query.follow],
  ]);
}

/** `container` when non-empty, then every defined field in order (one loop instead of a line per field keeps the core entry small). */
function queryParams(container: string | undefined, fields: readonly [string, string | number | boolean | undefined][]): URLSearchParams {
  const p = new URLSearchParams();
  if (container) p.set('container', container);
  for (const [name, value] of fields) if (value !== undefined) p.set(name, String(value));
  return p;
}
