/**
 * The audit API (DESIGN §8) of the fake gateway: the terminal-session listing with its filters and
 * cursor paging, one session's metadata, and its asciicast v2 recording (DESIGN §6).
 */
import { http, HttpResponse } from 'msw';
import { Paths, type TerminalSessionPage, type TerminalSessionRecord } from '../../src/core/protocol.ts';
import { errorResponse, hasMockToken, mockHttpUrl } from './gateway.ts';

/** The text the recorded session printed, for play functions to look for. */
export const RECORDED_TEXT = 'hello from the recording';

const HEADER = { version: 2, width: 80, height: 12, timestamp: 1_767_225_600, title: 'alice@prod-us/default/my-pod/app', env: { TERM: 'xterm-256color', SHELL: '/bin/sh' } };
const PROMPT = '\u001b[1;32m$\u001b[0m ';

/** A short asciicast v2 recording: a prompt, `echo` typed out, its output, a resize and `exit`. */
export const RECORDING = [
  JSON.stringify(HEADER),
  ...[
    [0.1, 'o', PROMPT],
    ...[...`echo ${RECORDED_TEXT}`].map((ch, i) => [0.5 + i * 0.05, 'o', ch]),
    [2.0, 'o', `\r\n${RECORDED_TEXT}\r\n${PROMPT}`],
    [2.5, 'r', '100x12'],
    [3.0, 'o', 'exit\r\n'],
  ].map((event) => JSON.stringify(event)),
].join('\n');

const START = Date.parse('2026-01-01T09:00:00Z');
const USERS = ['alice', 'bob', 'carol'] as const;
const CLUSTERS = ['prod-us', 'staging-eu'] as const;

function session(i: number): TerminalSessionRecord {
  const startedAt = new Date(START - i * 3_600_000);
  const running = i === 0;
  return {
    id: `5e55a1f0-0000-4000-8000-${String(i).padStart(12, '0')}`,
    user: USERS[i % USERS.length] ?? 'alice',
    cluster: CLUSTERS[i % CLUSTERS.length] ?? 'prod-us',
    namespace: 'default',
    pod: i % 2 === 0 ? 'my-pod' : 'api-7d9f',
    container: 'app',
    command: ['sh'],
    startedAt: startedAt.toISOString(),
    endedAt: running ? null : new Date(startedAt.getTime() + (30 + i * 7) * 1000).toISOString(),
    exitCode: running ? null : i % 5 === 3 ? 130 : 0,
    bytes: 1024 + i * 97,
  };
}

/** Twelve recorded sessions, newest first; the newest still runs. */
export const SESSIONS: readonly TerminalSessionRecord[] = Array.from({ length: 12 }, (_, i) => session(i));

function matches(s: TerminalSessionRecord, params: URLSearchParams): boolean {
  const from = params.get('from');
  const to = params.get('to');
  return (
    (!params.get('cluster') || s.cluster === params.get('cluster')) &&
    (!params.get('user') || s.user === params.get('user')) &&
    (!from || s.startedAt >= new Date(from).toISOString()) &&
    (!to || s.startedAt < new Date(to).toISOString())
  );
}

/** Options of {@link auditHandlers}. */
export interface AuditMockOptions {
  /** The sessions the gateway holds; default {@link SESSIONS}. */
  sessions?: readonly TerminalSessionRecord[];
  /** Answer every request with this HTTP error instead (403 for a non-admin, say). */
  fail?: { status: number; reason: string; message: string };
}

/** msw handlers for the three audit routes. */
export function auditHandlers({ sessions = SESSIONS, fail }: AuditMockOptions = {}) {
  const guard = (request: Request) => {
    if (!hasMockToken(request)) return errorResponse(401, 'Unauthorized', 'missing or invalid token');
    return fail ? errorResponse(fail.status, fail.reason, fail.message) : null;
  };
  const find = (id: unknown) => sessions.find((s) => s.id === id);
  return [
    http.get(mockHttpUrl(Paths.terminalSessions), ({ request }) => {
      const refused = guard(request);
      if (refused) return refused;
      const params = new URL(request.url).searchParams;
      const limit = Math.max(1, Number(params.get('limit') ?? 50));
      const offset = Number(params.get('cursor') ?? 0);
      const found = sessions.filter((s) => matches(s, params));
      const page: TerminalSessionPage = {
        items: found.slice(offset, offset + limit),
        nextCursor: offset + limit < found.length ? String(offset + limit) : null,
      };
      return HttpResponse.json(page);
    }),
    http.get(mockHttpUrl(`${Paths.terminalSessions}/:id`), ({ request, params }) => {
      const refused = guard(request);
      if (refused) return refused;
      const s = find(params.id);
      return s ? HttpResponse.json(s) : errorResponse(404, 'NotFound', `terminal session "${String(params.id)}" not found`);
    }),
    http.get(mockHttpUrl(`${Paths.terminalSessions}/:id/recording`), ({ request, params }) => {
      const refused = guard(request);
      if (refused) return refused;
      if (!find(params.id)) return errorResponse(404, 'NotFound', `recording "${String(params.id)}" not found`);
      return new HttpResponse(RECORDING, { headers: { 'content-type': 'application/x-asciicast' } });
    }),
  ];
}
