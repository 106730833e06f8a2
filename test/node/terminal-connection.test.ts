/**
 * The kit's terminal connection against a fake terminal endpoint over real sockets (DESIGN §3, §6):
 * binary stdin and output, resize at the start of every session, pause/resume flow control, exit
 * without reconnect, a fresh session after a network loss, and name checks before any connection.
 */
import { describe, expect, it } from 'vitest';
import type { KubeVisionClient } from '../../src/core/client.ts';
import type { TerminalConnection, TerminalConnectionStatus, TerminalSessionInfo } from '../../src/core/terminal-connection.ts';
import { startTerminalServer, type FakeTerminalServer, type TerminalSession } from '../support/terminal-server.ts';
import { until } from '../support/ws-server.ts';
import { clientPerTest } from '../support/test-client.ts';

const target = { cluster: 'dev', namespace: 'shop', pod: 'web-0' };

const adopt = clientPerTest<FakeTerminalServer>();

async function setup(): Promise<{ server: FakeTerminalServer; client: KubeVisionClient }> {
  const server = await startTerminalServer();
  return { server, client: adopt(server) };
}

/** Everything a terminal delivered. */
interface Observed {
  readonly statuses: TerminalConnectionStatus[];
  readonly sessions: TerminalSessionInfo[];
  readonly chunks: Uint8Array[];
  output(): Buffer;
}

function observe(terminal: TerminalConnection): Observed {
  const statuses: TerminalConnectionStatus[] = [];
  const sessions: TerminalSessionInfo[] = [];
  const chunks: Uint8Array[] = [];
  terminal.on('status', (status) => statuses.push(status));
  terminal.on('session', (info) => sessions.push(info));
  terminal.on('output', (data) => chunks.push(data));
  return { statuses, sessions, chunks, output: () => Buffer.concat(chunks) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The control frames of a session, parsed. */
const controls = (session: TerminalSession | undefined): unknown[] => session?.controls.map((c) => c.json) ?? [];

describe('terminal connection over a real socket', () => {
  it('carries arbitrary bytes both ways in binary frames: all 256 byte values and multi-byte UTF-8', async () => {
    const { server, client } = await setup();
    const terminal = client.openTerminal({ ...target, container: 'app', cols: 80, rows: 24 });
    const o = observe(terminal);
    await until(() => o.sessions.length === 1, 'the session');
    const session = server.sessions[0];

    const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(terminal.write(everyByte)).toBe(true);
    await until(() => o.output().length === 256, 'the echo of every byte value');
    expect([...o.output()]).toEqual([...everyByte]);

    const typed = 'héllo wörld ✓ 日本語 😀\r';
    expect(terminal.write(typed)).toBe(true);
    const utf8 = Buffer.from(typed, 'utf8');
    await until(() => o.output().length === 256 + utf8.length, 'the echo of the UTF-8 text');
    expect(o.output().subarray(256).toString('utf8')).toBe(typed);

    // On the wire: stdin only ever in binary frames, bytes exactly as written.
    const binary = session?.frames.filter((f) => f.kind === 'binary') ?? [];
    expect(binary).toHaveLength(2);
    expect(session?.stdin()).toEqual(Buffer.concat([Buffer.from(everyByte), utf8]));
    expect(session?.frames.filter((f) => f.kind === 'text')).toHaveLength(1);
    expect(session?.query.get('container')).toBe('app');
    expect(session?.query.get('token')).toBe('test-token');
    expect(session?.path).toEqual(target);
  });

  it('sends the initial size first, then every resize as a resize frame', async () => {
    const { server, client } = await setup();
    const terminal = client.openTerminal({ ...target, cols: 80, rows: 24 });
    const o = observe(terminal);
    await until(() => o.sessions.length === 1, 'the session');
    const session = server.sessions[0];
    await until(() => (session?.frames.length ?? 0) >= 1, 'the first frame');

    expect(session?.query.get('cols')).toBe('80');
    expect(session?.query.get('rows')).toBe('24');
    expect(session?.frames[0]).toEqual({ kind: 'text', text: '{"type":"resize","cols":80,"rows":24}' });

    terminal.resize(220, 50);
    await until(() => (session?.controls.length ?? 0) === 2, 'the resize frame');
    expect(session?.controls[1]?.text).toBe('{"type":"resize","cols":220,"rows":50}');
    expect(o.sessions).toEqual([{ index: 0 }]);
  });

  it('pauses past the high watermark of unacknowledged output and resumes once ack brings it under the low one', async () => {
    const { server, client } = await setup();
    const terminal = client.openTerminal({ ...target, cols: 80, rows: 24, flowControl: { high: 1000, low: 200 } });
    const o = observe(terminal);
    await until(() => o.sessions.length === 1, 'the session');
    const session = server.sessions[0];
    if (!session) throw new Error('no session');
    let acked = 0;
    const ack = (bytes: number): void => {
      acked += bytes;
      terminal.ack(bytes);
    };
    const unacked = (): number => o.output().length - acked;
    let pings = 0;
    /** A stdin round trip: any control frame the kit sent before it has reached the server. */
    const roundTrip = async (): Promise<void> => {
      const marker = `ping${++pings}`;
      expect(terminal.write(marker)).toBe(true);
      await until(() => session.stdin().toString('latin1').endsWith(marker), `${marker} at the server`);
      await until(() => o.output().length === session.outputBytes(), `the echo of ${marker}`);
    };
    const flow = (): unknown[] => controls(session).filter((c) => (c as { type?: string }).type !== 'resize');

    server.burst(session, 900, 100);
    await until(() => o.output().length === 900, 'the first 900 bytes');
    await roundTrip();
    expect(flow()).toEqual([]);

    server.burst(session, 300, 100);
    await until(() => session.paused(), 'the pause frame');
    expect(unacked()).toBeGreaterThanOrEqual(1000);
    // More output while paused does not send a second pause.
    server.burst(session, 500, 100);
    await until(() => o.output().length === session.outputBytes(), 'the output sent while paused');
    await roundTrip();
    expect(flow()).toEqual([{ type: 'pause' }]);

    // Acknowledged down to 300 (above the low watermark): still paused.
    ack(unacked() - 300);
    await roundTrip();
    expect(unacked()).toBeGreaterThan(200);
    expect(flow()).toEqual([{ type: 'pause' }]);

    ack(unacked() - 100);
    await until(() => !session.paused(), 'the resume frame');
    await roundTrip();
    expect(flow()).toEqual([{ type: 'pause' }, { type: 'resume' }]);

    // Output under the high watermark after resuming does not pause again.
    server.burst(session, 500, 100);
    await until(() => o.output().length === session.outputBytes(), 'the output after resuming');
    await roundTrip();
    expect(flow()).toEqual([{ type: 'pause' }, { type: 'resume' }]);
  });

  it('ends with status exited and the exit code on the exit frame, and does not reconnect', async () => {
    const { server, client } = await setup();
    const terminal = client.openTerminal({ ...target, cols: 80, rows: 24 });
    const o = observe(terminal);
    await until(() => o.sessions.length === 1, 'the session');
    expect(terminal.write('exit 3\r')).toBe(true);
    await until(() => terminal.status.state === 'exited', 'the exited status');
    expect(terminal.status).toEqual({ state: 'exited', exitCode: 3 });
    expect(server.sessions[0]?.exitCode()).toBe(3);

    await sleep(300);
    expect(server.server.connections).toHaveLength(1);
    expect(o.sessions).toHaveLength(1);
    expect(o.statuses.map((s) => s.state)).not.toContain('reconnecting');
    expect(terminal.status.state).toBe('exited');
    expect(terminal.write('ls\r')).toBe(false);
  });

  it('after a network loss reconnects into a new session that sends the current size; write is refused while no session is open', async () => {
    const { server, client } = await setup();
    const terminal = client.openTerminal({ ...target, cols: 80, rows: 24 });
    expect(terminal.write('typed too early')).toBe(false);
    const o = observe(terminal);
    await until(() => o.sessions.length === 1, 'the first session');
    const first = server.sessions[0];
    terminal.resize(132, 43);
    await until(() => (first?.controls.length ?? 0) === 2, 'the resize on the first session');

    server.gate.refuse();
    first?.conn.socket.terminate();
    await until(() => terminal.status.state === 'reconnecting', 'the reconnecting status');
    await until(() => server.gate.refused >= 1, 'a refused reconnect attempt');
    expect(terminal.status.state).toBe('reconnecting');
    expect(terminal.write('typed during the outage')).toBe(false);
    terminal.resize(100, 30);

    const next = server.nextSession();
    server.gate.allow();
    const second = await next;
    await until(() => o.sessions.length === 2 && second.frames.length >= 1, 'the second session');
    expect(o.sessions).toEqual([{ index: 0 }, { index: 1 }]);
    expect(terminal.status.state).toBe('open');
    expect(second.frames[0]).toEqual({ kind: 'text', text: '{"type":"resize","cols":100,"rows":30}' });
    expect(second.query.get('cols')).toBe('100');
    expect(second.query.get('rows')).toBe('30');

    const states = o.statuses.map((s) => s.state);
    expect(states.indexOf('reconnecting')).toBeGreaterThan(states.indexOf('open'));
    expect(states.lastIndexOf('open')).toBeGreaterThan(states.indexOf('reconnecting'));

    // Input typed while down was never queued for the new shell.
    expect(terminal.write('after')).toBe(true);
    await until(() => second.stdin().length === 5, 'stdin of the second session');
    await sleep(50);
    expect(second.stdin().toString()).toBe('after');
    expect(first?.stdin().length).toBe(0);
    expect(server.sessions).toHaveLength(2);
  });

  it('refuses invalid names with a TypeError before any connection', async () => {
    const { server, client } = await setup();
    expect(() => client.openTerminal({ ...target, namespace: 'Bad_NS', cols: 80, rows: 24 })).toThrow(TypeError);
    expect(() => client.openTerminal({ ...target, container: 'UPPER', cols: 80, rows: 24 })).toThrow(TypeError);
    await sleep(100);
    expect(server.server.connections).toHaveLength(0);
  });
});
