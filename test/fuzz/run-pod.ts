/**
 * Runs terminal and log cases: the refusal the oracle predicts, or for a request that reaches the
 * pod, a session that behaves (terminal: one `error` frame per invalid control frame, then `exit`
 * and 1000 after the fuzzer types `exit`; logs: lines, or 1000 at the end of a non-following log).
 */
import { CloseCode, Paths, parseTerminalControl } from '../../src/core/protocol.ts';
import type { LogsCase, PodSocketCase, TerminalCase, Violation } from './cases.ts';
import { queryString, socketAuth } from './credentials.ts';
import type { GatewayUnderTest } from './gateway-child.ts';
import { endText, jsonFrames, judgeClose } from './judge-ws.ts';
import { OK, outcome, type Outcome } from './outcome.ts';
import { queryValue, refusal } from './pod-oracle.ts';
import { binary, exchange, text, violationFrame, type OutFrame, type WsTranscript } from './ws-probe.ts';

/** The bound for an answer before a session starts (the brief's "no answer within 5 s"). */
const REFUSAL_BOUND_MS = 5000;
/** A session also starts a shell or a log stream in the emulator first. */
const SESSION_BOUND_MS = 10_000;
/** How long a following log may stay silent before the case counts it as open and well. */
const QUIET_LOG_MS = 1500;
/** Clears whatever the fuzz typed on the line (Ctrl-U, no signal), then ends the shell. */
const EXIT_SHELL = '\u0015exit\n';

function url(gateway: GatewayUnderTest, c: PodSocketCase<'terminal' | 'logs'>, extra: ReturnType<typeof socketAuth>): string {
  const base = c.target === 'terminal' ? Paths.terminal : Paths.logs;
  return `${gateway.wsUrl}${base}/${c.cluster.raw}/${c.namespace.raw}/${c.pod.raw}${queryString([...extra.query, ...c.query])}`;
}

async function open(gateway: GatewayUnderTest, c: PodSocketCase<'terminal' | 'logs'>, frames: OutFrame[], bound: number, enough?: (t: readonly unknown[]) => boolean): Promise<WsTranscript> {
  const auth = socketAuth(gateway, c.credential, c.place);
  return exchange({ url: url(gateway, c, auth), headers: auth.headers, protocols: auth.protocols, frames, timeoutMs: bound, ...(enough ? { enough } : {}) });
}

/**
 * The closes a session that reached the pod may end with by itself, before a big frame has fully
 * arrived: a log that is not followed (1000) or has no previous instance (4400), a command that
 * exits at once (1000) or does not exist (4400).
 */
function ownEndings(c: PodSocketCase<'terminal' | 'logs'>): number[] {
  if (c.target === 'logs') return [...(following(c) ? [] : [CloseCode.Normal]), ...(wantsPrevious(c) ? [CloseCode.BadRequest] : [])];
  return interactive(commandOf(c)) ? [] : [CloseCode.Normal, CloseCode.BadRequest];
}

/** A forbidden frame closes with its code; a case refused anyway may hear the refusal first. */
async function violated(gateway: GatewayUnderTest, c: PodSocketCase<'terminal' | 'logs'>, refused: number | null, v: Violation): Promise<Outcome> {
  const { frame, code } = violationFrame(v);
  const t = await open(gateway, c, [frame], SESSION_BOUND_MS);
  return judgeClose(t, refused === null ? [code, ...ownEndings(c)] : [refused, code]);
}

function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1' || value === '';
}

function following(c: PodSocketCase<'terminal' | 'logs'>): boolean {
  const follow = queryValue(c.query, 'follow');
  return follow === null || isTrue(follow);
}

function wantsPrevious(c: PodSocketCase<'terminal' | 'logs'>): boolean {
  return isTrue(queryValue(c.query, 'previous'));
}

function commandOf(c: PodSocketCase<'terminal' | 'logs'>): string[] {
  return new URLSearchParams(queryString(c.query).slice(1)).getAll('command');
}

/** A shell that reads every frame until the fuzzer types `exit`. */
function interactive(argv: readonly string[]): boolean {
  return argv.length === 0 || (argv.length === 1 && argv[0] === 'sh');
}

/** One terminal case. */
export async function runTerminal(gateway: GatewayUnderTest, c: TerminalCase): Promise<Outcome> {
  const refused = refusal(c);
  if (c.violation) return violated(gateway, c, refused, c.violation);
  const frames: OutFrame[] = c.frames.map((f) => (f.kind === 'binary' ? binary(Buffer.from(f.data)) : text(f.data)));
  frames.push(text('{"type":"resume"}'), binary(Buffer.from(EXIT_SHELL)));
  const t = await open(gateway, c, frames, refused === null ? SESSION_BOUND_MS : REFUSAL_BOUND_MS);
  if (refused !== null) return judgeClose(t, [refused]);
  const argv = commandOf(c);
  const command = argv[0] ?? null;
  const statuses = jsonFrames(t);
  if (command === 'kvfuzz-no-such-command') return judgeClose(t, [CloseCode.BadRequest]);
  const closed = judgeClose(t, [CloseCode.Normal]);
  if (closed.kind !== 'ok') return closed;
  if (!statuses.some((s) => s.type === 'exit' && Number.isInteger(s.code))) return outcome('unclear', `closed 1000 without an exit frame: ${endText(t)}`);
  const invalid = c.frames.filter((f) => f.kind === 'text' && !parseTerminalControl(f.data).ok).length;
  const errors = statuses.filter((s) => s.type === 'error' && typeof s.message === 'string').length;
  // A shell reads every frame before it sees `exit`; a command that exits at once may leave later frames unread.
  if (interactive(argv) ? errors !== invalid : errors > invalid) return outcome('unclear', `${invalid} invalid control frames got ${errors} error frames`);
  return OK;
}

/** One log case. */
export async function runLogs(gateway: GatewayUnderTest, c: LogsCase): Promise<Outcome> {
  const refused = refusal(c);
  if (c.violation) return violated(gateway, c, refused, c.violation);
  if (refused !== null) return judgeClose(await open(gateway, c, [], REFUSAL_BOUND_MS), [refused]);
  const follows = following(c);
  const t = await open(gateway, c, [], follows ? QUIET_LOG_MS : SESSION_BOUND_MS, (received) => received.length > 0);
  // A following stream that is open (with or without lines yet) is what the client asked for.
  if (follows && (t.end.kind === 'enough' || (t.end.kind === 'timeout' && t.opened))) return OK;
  if (t.end.kind === 'enough') return OK;
  return judgeClose(t, wantsPrevious(c) ? [CloseCode.Normal, CloseCode.BadRequest] : [CloseCode.Normal]);
}
