/**
 * The audit API (DESIGN §8, admin only): the recorded terminal sessions, one session's metadata,
 * and its asciicast v2 recording. Parameters are checked before the index is asked anything. While
 * a PostgreSQL index is unreachable every route answers 503 JSON (AuditIndexUnavailableError).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clusterNameError } from '../../src/core/names.js';
import { Paths } from '../../src/core/protocol.js';
import { parsePreciseTime } from '../../src/core/timestamps.js';
import { allows, type Identity } from '../auth/roles.js';
import { InvalidCursorError, MAX_PAGE_SIZE, RECORDING_ID, type SessionQuery, type SessionRecorder } from '../recording/index.js';
import type { GatewayContext } from '../ws/context.js';
import { sessionVisible, visibleSessions } from './audit-scope.js';
import { sendError } from './errors.js';

/** Longest user name a filter may hold (far above any configured or token user). */
const MAX_USER_LENGTH = 256;

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A single query parameter as a string; a repeated one is an error, not a silent pick. */
function single(raw: Record<string, unknown>, name: string): Parsed<string | undefined> {
  const v = raw[name];
  if (v === undefined || v === '') return { ok: true, value: undefined };
  return typeof v === 'string' ? { ok: true, value: v } : { ok: false, error: `"${name}" must be given once` };
}

function time(text: string, name: string): Parsed<Date> {
  const t = parsePreciseTime(text);
  if (!t) return { ok: false, error: `"${name}" must be an RFC3339 timestamp` };
  return { ok: true, value: new Date(t.seconds * 1000 + Math.floor(t.nanos / 1e6)) };
}

/** Parses the listing's query string: cluster, user, from, to, limit, cursor. */
function parseListQuery(raw: Record<string, unknown>): Parsed<SessionQuery> {
  const fields: Record<string, string | undefined> = {};
  for (const name of ['cluster', 'user', 'from', 'to', 'limit', 'cursor']) {
    const v = single(raw, name);
    if (!v.ok) return v;
    fields[name] = v.value;
  }
  const query: SessionQuery = {};
  const { cluster, user, from, to, limit, cursor } = fields;
  if (cluster !== undefined) {
    const err = clusterNameError(cluster);
    if (err) return { ok: false, error: `cluster ${err}` };
    query.cluster = cluster;
  }
  if (user !== undefined) {
    if (user.length > MAX_USER_LENGTH) return { ok: false, error: `"user" must be at most ${MAX_USER_LENGTH} characters` };
    query.user = user;
  }
  for (const [name, text] of [['from', from], ['to', to]] as const) {
    if (text === undefined) continue;
    const t = time(text, name);
    if (!t.ok) return t;
    query[name] = t.value;
  }
  if (limit !== undefined) {
    const n = /^\d{1,6}$/.test(limit) ? Number(limit) : NaN;
    if (!(n >= 1 && n <= MAX_PAGE_SIZE)) return { ok: false, error: `"limit" must be an integer from 1 to ${MAX_PAGE_SIZE}` };
    query.limit = n;
  }
  if (cursor !== undefined) query.cursor = cursor;
  return { ok: true, value: query };
}

/** Registers the audit routes on `app`; every route answers 401 without identity and 403 below admin. */
export function registerAuditRoutes(app: FastifyInstance, ctx: GatewayContext, recorder: SessionRecorder): void {
  /** The caller when it may use the audit API; otherwise null, and the error answer has been sent. */
  async function admitted(request: FastifyRequest, reply: FastifyReply): Promise<Identity | null> {
    const identity = await ctx.identify(request);
    if (!identity) {
      sendError(reply, 401, 'missing, invalid or expired token');
      return null;
    }
    if (!allows(identity, 'audit')) {
      sendError(reply, 403, 'the audit API needs the admin role');
      return null;
    }
    return identity;
  }

  /** The id path parameter when it is a recording id; otherwise the 400 has been sent. */
  function sessionId(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): string | null {
    const { id } = request.params;
    if (RECORDING_ID.test(id)) return id;
    sendError(reply, 400, 'id must be a terminal session id (UUID)');
    return null;
  }

  app.get<{ Querystring: Record<string, unknown> }>(Paths.terminalSessions, async (request, reply) => {
    const identity = await admitted(request, reply);
    if (!identity) return reply;
    const query = parseListQuery(request.query);
    if (!query.ok) return sendError(reply, 400, query.error);
    try {
      return reply.send(await visibleSessions(recorder, query.value, identity));
    } catch (error) {
      if (error instanceof InvalidCursorError) return sendError(reply, 400, '"cursor" is not a cursor this gateway issued');
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>(`${Paths.terminalSessions}/:id`, async (request, reply) => {
    const identity = await admitted(request, reply);
    if (!identity) return reply;
    const id = sessionId(request, reply);
    if (id === null) return reply;
    const record = await recorder.get(id);
    // A session outside the admin's limits answers like an unknown one: its existence is not revealed.
    return record && sessionVisible(identity, record) ? reply.send(record) : sendError(reply, 404, `terminal session ${id} not found`);
  });

  app.get<{ Params: { id: string } }>(`${Paths.terminalSessions}/:id/recording`, async (request, reply) => {
    const identity = await admitted(request, reply);
    if (!identity) return reply;
    const id = sessionId(request, reply);
    if (id === null) return reply;
    const record = await recorder.get(id);
    // The index answered for the session; its file lives in the recordings directory replicas share.
    const path = record && sessionVisible(identity, record) ? recorder.recordingFile(record) : null;
    const exists = path !== null && (await stat(path).then(() => true, () => false));
    if (!path || !exists) return sendError(reply, 404, `recording of terminal session ${id} not found`);
    // Recordings may show secrets: no cache keeps a copy.
    return reply.type('application/x-asciicast').header('cache-control', 'no-store').send(createReadStream(path));
  });
}
