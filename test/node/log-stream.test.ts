/**
 * The kit's log stream against a fake log endpoint over real sockets (DESIGN §3, §7): timestamps
 * always requested and stripped for display, tail on the first connect, gap-free and duplicate-free
 * resume across a lost connection, the end of a log, the bounded backlog and protocol errors.
 */
import { describe, expect, it } from 'vitest';
import type { KubeVisionClient } from '../../src/core/client.ts';
import type { LogBatch, LogEntry, LogLine, LogStream, LogStreamStatus } from '../../src/core/log-stream.ts';
import { timerScheduler, type FrameScheduler } from '../../src/core/scheduler.ts';
import { startLogServer, type FakeLogLine, type FakeLogServer } from '../support/log-server.ts';
import { until } from '../support/ws-server.ts';
import { clientPerTest } from '../support/test-client.ts';

const target = { cluster: 'dev', namespace: 'shop', pod: 'web-0' };

const adopt = clientPerTest<FakeLogServer>();

async function setup(initialRuns: number[], scheduler: FrameScheduler = timerScheduler(10)): Promise<{ server: FakeLogServer; client: KubeVisionClient }> {
  const server = await startLogServer({ initialRuns });
  return { server, client: adopt(server, { scheduler }) };
}

/** Everything a stream delivered. */
interface Collected {
  readonly batches: LogBatch[];
  readonly entries: LogEntry[];
  readonly statuses: LogStreamStatus[];
  readonly protocolErrors: string[];
  lines(): LogLine[];
}

function collect(stream: LogStream): Collected {
  const batches: LogBatch[] = [];
  const entries: LogEntry[] = [];
  const statuses: LogStreamStatus[] = [];
  const protocolErrors: string[] = [];
  stream.onBatch((batch) => {
    batches.push(batch);
    entries.push(...batch.entries);
  });
  stream.onStatus((status) => statuses.push(status));
  stream.onProtocolError((error) => protocolErrors.push(error));
  return {
    batches,
    entries,
    statuses,
    protocolErrors,
    lines: () => entries.filter((e): e is LogLine => e.kind === 'line'),
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What the stream should show for these server lines: text without timestamp, timestamp kept apart. */
const shown = (lines: readonly FakeLogLine[]): { text: string; timestamp: string }[] =>
  lines.map((l) => ({ text: l.text, timestamp: l.timestamp }));
const got = (lines: readonly LogLine[]): { text: string; timestamp: string | null }[] =>
  lines.map((l) => ({ text: l.text, timestamp: l.timestamp }));

describe('log stream over a real socket', () => {
  it('always asks for timestamps, strips them from text unless asked to show them, and always fills timestamp', async () => {
    const { server, client } = await setup([1, 3, 1, 2]);
    const plain = collect(client.openLogs({ ...target, container: 'app' }));
    const stamped = collect(client.openLogs({ ...target, container: 'app', timestamps: true }));
    await until(() => plain.lines().length === 7 && stamped.lines().length === 7, 'the history on both streams');
    const live = server.appendRun(2);
    await until(() => plain.lines().length === 9 && stamped.lines().length === 9, 'the live lines on both streams');

    expect(server.connections).toHaveLength(2);
    for (const record of server.connections) {
      expect(record.query.get('timestamps')).toBe('true');
      expect(record.query.get('container')).toBe('app');
      expect(record.query.get('token')).toBe('test-token');
      expect(record.path).toEqual(target);
    }
    const history = server.history;
    expect(history.slice(-2)).toEqual(live);
    expect(got(plain.lines())).toEqual(shown(history));
    for (const line of plain.lines()) expect(line.text).not.toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(stamped.lines().map((l) => l.text)).toEqual(history.map((l) => `${l.timestamp} ${l.text}`));
    expect(stamped.lines().map((l) => l.timestamp)).toEqual(history.map((l) => l.timestamp));
    expect(plain.lines().map((l) => l.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('passes tail on the first connect, and leaves the gateway default when none is given', async () => {
    const { server, client } = await setup([150]);
    const five = collect(client.openLogs({ ...target, tail: 5 }));
    await until(() => five.lines().length === 5, 'five lines');
    const all = collect(client.openLogs({ ...target, tail: -1 }));
    await until(() => all.lines().length === 150, 'the whole log');
    const byDefault = collect(client.openLogs(target));
    await until(() => byDefault.lines().length === 100, 'the default 100 lines');
    await sleep(50);

    const [first, second, third] = server.connections;
    expect(first?.query.get('tail')).toBe('5');
    expect(second?.query.get('tail')).toBe('-1');
    expect(third?.query.has('tail')).toBe(false);
    for (const record of server.connections) expect(record.query.has('sinceTime')).toBe(false);
    expect(got(five.lines())).toEqual(shown(server.history.slice(-5)));
    expect(got(all.lines())).toEqual(shown(server.history));
    expect(got(byDefault.lines())).toEqual(shown(server.history.slice(-100)));
    expect(byDefault.lines()).toHaveLength(100);
  });

  it('resumes across a lost connection with exactly the server history: nothing lost, nothing repeated', async () => {
    const { server, client } = await setup([1, 3, 1, 4, 2, 1]);
    const stream = client.openLogs({ ...target, tail: 8 });
    const c = collect(stream);
    const firstShown = server.history.length - 8;
    await until(() => c.lines().length === 8, 'the tail of the history');

    // Lines keep coming, in runs of equal timestamps.
    const producer = server.produce(2, [1, 2, 3]);
    await until(() => c.lines().length >= 30, 'live lines');

    // Cut the connection in the middle of a run: three lines at T delivered, more at T come later.
    producer.pause();
    const run = server.appendRun(3);
    await until(() => c.lines().length === server.history.length - firstShown, 'everything up to the run');
    const lastBefore = run[2];
    expect(c.lines().at(-1)?.timestamp).toBe(lastBefore?.timestamp);
    const deliveredBefore = c.lines().length;

    server.gate.refuse();
    const [firstConnection] = server.connections;
    firstConnection?.conn.socket.terminate();
    // During the outage: the run at T goes on, lines keep being produced, and far more than the
    // gateway's default tail of 100 arrive.
    const restOfRun = [server.append({ sameTime: true }), server.append({ sameTime: true })];
    producer.resume();
    server.appendRuns(150, [2, 1, 3]);
    await until(() => c.statuses.some((s) => s.state === 'reconnecting'), 'the reconnecting status');
    await until(() => server.gate.refused >= 2, 'two refused reconnect attempts');
    const historyAtOutageEnd = server.history.length;
    const resumed = server.nextConnection();
    server.gate.allow();
    const second = await resumed;
    await until(() => c.lines().length >= historyAtOutageEnd - firstShown + 10, 'lines after the resume');
    producer.stop();
    await until(() => c.lines().length >= server.history.length - firstShown, 'the whole history');
    await sleep(50);

    expect(historyAtOutageEnd).toBeGreaterThan((lastBefore?.index ?? Infinity) + 1 + 2 + 150);
    expect(got(c.lines())).toEqual(shown(server.history.slice(firstShown)));
    expect(new Set(c.lines().map((l) => l.text)).size).toBe(c.lines().length);
    expect(restOfRun.every((l) => l.timestamp === lastBefore?.timestamp)).toBe(true);

    // The resumed request asked from the last received timestamp, with the whole log since then.
    expect(server.connections).toHaveLength(2);
    expect(firstConnection?.query.get('tail')).toBe('8');
    expect(firstConnection?.query.has('sinceTime')).toBe(false);
    expect(second.query.get('sinceTime')).toBe(lastBefore?.timestamp);
    expect(second.query.get('tail')).toBe('-1');
    expect(second.query.get('timestamps')).toBe('true');
    // ... and the server did replay the three lines at T the stream already had.
    expect(second.sent.slice(0, 3)).toEqual(run.map((l) => l.text).map((text, i) => `${run[i]?.timestamp} ${text}`));

    // One disconnect entry, exactly where the connection was lost, however many attempts failed.
    const disconnects = c.entries.filter((e) => e.kind === 'disconnect');
    expect(disconnects).toHaveLength(1);
    const at = c.entries.findIndex((e) => e.kind === 'disconnect');
    expect(at).toBe(deliveredBefore);
    expect(c.entries[at - 1]).toMatchObject({ kind: 'line', text: lastBefore?.text });
    expect(c.entries[at + 1]).toMatchObject({ kind: 'line', text: restOfRun[0]?.text });
    expect(disconnects[0]).toMatchObject({ code: 1006 });
    expect(c.entries.map((e) => e.seq)).toEqual(c.entries.map((_, i) => i));
    expect(stream.status.state).toBe('streaming');
  });

  it('ends on a 1000 close (follow=false) without reconnecting', async () => {
    const { server, client } = await setup([2, 1, 2]);
    const stream = client.openLogs({ ...target, follow: false });
    const c = collect(stream);
    await until(() => stream.status.state === 'ended', 'the ended status');
    await sleep(300);

    expect(server.connections).toHaveLength(1);
    expect(server.connections[0]?.query.get('follow')).toBe('false');
    expect(stream.status).toEqual({ state: 'ended', code: 1000 });
    expect(c.statuses.map((s) => s.state)).not.toContain('reconnecting');
    expect(got(c.lines())).toEqual(shown(server.history));
    expect(c.entries.some((e) => e.kind === 'disconnect')).toBe(false);
  });

  it('bounds the backlog between batches to maxPending and reports how many entries were dropped', async () => {
    const callbacks = new Map<number, () => void>();
    let requests = 0;
    const manual: FrameScheduler = {
      request: (callback) => {
        callbacks.set(++requests, callback);
        return requests;
      },
      cancel: (handle) => {
        callbacks.delete(handle as number);
      },
    };
    const { server, client } = await setup([35], manual);
    const connected = server.nextConnection();
    const stream = client.openLogs({ ...target, tail: -1, maxPending: 10 });
    const c = collect(stream);
    const record = await connected;
    // A binary frame after the 35 lines: when it is reported, every line before it has arrived.
    server.sendBinary(record, new Uint8Array([1, 2, 3]));
    await until(() => c.protocolErrors.length === 1, 'the marker frame');

    expect(c.batches).toHaveLength(0);
    expect(requests).toBe(1);
    const pending = [...callbacks.values()];
    callbacks.clear();
    for (const callback of pending) callback();

    expect(c.batches).toHaveLength(1);
    expect(c.batches[0]?.entries).toHaveLength(10);
    expect(c.batches[0]?.dropped).toBe(25);
    expect(got(c.lines())).toEqual(shown(server.history.slice(-10)));
    expect(c.lines().map((l) => l.seq)).toEqual([25, 26, 27, 28, 29, 30, 31, 32, 33, 34]);

    // The next batch starts from zero again.
    server.append();
    await until(() => callbacks.size === 1, 'the next batch request');
    for (const callback of [...callbacks.values()]) callback();
    expect(c.batches[1]).toEqual({ entries: [expect.objectContaining({ kind: 'line', seq: 35 })], dropped: 0 });
  });

  it('ignores a binary frame and reports it as a protocol error', async () => {
    const { server, client } = await setup([1]);
    const connected = server.nextConnection();
    const stream = client.openLogs(target);
    const c = collect(stream);
    const record = await connected;
    server.sendBinary(record, new TextEncoder().encode('2026-01-01T00:00:00.000000000Z not a line'));
    server.append();
    await until(() => c.lines().length === 2, 'the line after the binary frame');

    expect(c.protocolErrors).toHaveLength(1);
    expect(c.protocolErrors[0]).toMatch(/binary/);
    expect(got(c.lines())).toEqual(shown(server.history));
    expect(stream.status.state).toBe('streaming');
    expect(server.connections).toHaveLength(1);
  });

  it('refuses invalid names with a TypeError before any connection', async () => {
    const { server, client } = await setup([1]);
    expect(() => client.openLogs({ ...target, namespace: 'Bad_NS' })).toThrow(TypeError);
    expect(() => client.openLogs({ ...target, container: 'UPPER' })).toThrow(TypeError);
    await sleep(100);
    expect(server.server.connections).toHaveLength(0);
  });
});
