/**
 * useLogStream in jsdom against the fake log endpoint over real sockets: lines land in the bounded
 * store with few renders, a lost connection resumes without a lost or repeated line and leaves one
 * marker, the cap reports what it dropped, clear empties, and bad names become an error status.
 */
import { act, cleanup, render, waitFor } from '@testing-library/react';
import { Profiler, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry, LogLine } from '../../src/core/index.ts';
import { useLogStream, type LogStreamView, type UseLogStreamOptions } from '../../src/react/index.ts';
import { startLogServer, type FakeLogServer } from '../support/log-server.ts';
import { TestProvider } from '../support/react-jsdom.tsx';

let server: FakeLogServer;
beforeEach(async () => {
  server = await startLogServer({ initialRuns: [1, 3, 2, 1, 1] });
});
afterEach(async () => {
  cleanup();
  await server.close();
});

const TARGET = { cluster: 'dev', namespace: 'shop', pod: 'web-0' };

/** Renders the hook and exposes its latest result. */
function mount(options: Partial<UseLogStreamOptions> = {}, onRender?: () => void) {
  const latest: { view: LogStreamView | null } = { view: null };
  function Probe(props: { options: UseLogStreamOptions }): ReactNode {
    latest.view = useLogStream(props.options);
    return null;
  }
  const ui = (extra: Partial<UseLogStreamOptions>) => (
    <TestProvider baseUrl={server.httpUrl}>
      <Profiler id="probe" onRender={() => onRender?.()}>
        <Probe options={{ ...TARGET, ...options, ...extra }} />
      </Profiler>
    </TestProvider>
  );
  const result = render(ui({}));
  return {
    get view(): LogStreamView {
      if (!latest.view) throw new Error('not rendered');
      return latest.view;
    },
    rerender: (extra: Partial<UseLogStreamOptions>) => result.rerender(ui(extra)),
  };
}

const entries = (view: LogStreamView): LogEntry[] => [...view.lines];
const lineTexts = (view: LogStreamView): string[] => entries(view).filter((e): e is LogLine => e.kind === 'line').map((l) => l.text);

describe('useLogStream', () => {
  it('fills the store with a few renders for a burst of 2,000 lines', async () => {
    const counter = { renders: 0 };
    const probe = mount({}, () => counter.renders++);
    await waitFor(() => expect(probe.view.lines.length).toBe(server.history.length));
    expect(probe.view.status.state).toBe('streaming');
    const before = counter.renders;
    act(() => {
      server.appendRuns(2000, [1, 2]);
    });
    await waitFor(() => expect(probe.view.lines.length).toBe(server.history.length));
    expect(counter.renders - before).toBeLessThanOrEqual(20);
    // Timestamps are kept beside the text, never in it: showing them is a rendering choice.
    const last = probe.view.lines.get(probe.view.lines.length - 1) as LogLine;
    expect(last.text).toBe(server.history.at(-1)?.text);
    expect(last.timestamp).toBe(server.history.at(-1)?.timestamp);
  });

  it('resumes after a lost connection with every line exactly once and one marker', async () => {
    const probe = mount();
    await waitFor(() => expect(probe.view.lines.length).toBe(server.history.length));
    server.appendRun(3);
    await waitFor(() => expect(probe.view.lines.length).toBe(server.history.length));
    const resumed = server.nextConnection();
    server.connections[0]?.conn.socket.terminate();
    // Lines of the same instant continue during the outage: the de-duplication must keep them.
    server.append({ sameTime: true });
    server.appendRuns(20, [2, 1]);
    await resumed;
    await waitFor(() => expect(lineTexts(probe.view)).toHaveLength(server.history.length));
    expect(lineTexts(probe.view)).toEqual(server.history.map((l) => l.text));
    const markers = entries(probe.view).filter((e) => e.kind === 'disconnect');
    expect(markers).toHaveLength(1);
    expect(server.connections[1]?.query.get('sinceTime')).toBeTruthy();
  });

  it('drops the oldest lines beyond maxLines and says how many', async () => {
    const probe = mount({ maxLines: 5 });
    await waitFor(() => expect(probe.view.dropped).toBe(server.history.length - 5));
    expect(probe.view.lines.length).toBe(5);
    expect(lineTexts(probe.view)).toEqual(server.history.slice(-5).map((l) => l.text));
  });

  it('clear empties the store and the dropped count while the stream goes on', async () => {
    const probe = mount({ maxLines: 5 });
    await waitFor(() => expect(probe.view.dropped).toBeGreaterThan(0));
    act(() => probe.view.clear());
    expect(probe.view.lines.length).toBe(0);
    expect(probe.view.dropped).toBe(0);
    const next = server.append();
    await waitFor(() => expect(lineTexts(probe.view)).toEqual([next.text]));
  });

  it('opens a new stream into a new store when the container changes', async () => {
    const probe = mount();
    await waitFor(() => expect(probe.view.lines.length).toBe(server.history.length));
    const first = probe.view.lines;
    const second = server.nextConnection();
    probe.rerender({ container: 'sidecar' });
    expect((await second).query.get('container')).toBe('sidecar');
    expect(probe.view.lines).not.toBe(first);
    await waitFor(() => expect(probe.view.lines.length).toBe(server.history.length));
  });

  it('starts a new store when re-enabled, so a restarted stream never repeats seqs in one store', async () => {
    const probe = mount();
    await waitFor(() => expect(probe.view.lines.length).toBe(server.history.length));
    const first = probe.view.lines;
    probe.rerender({ enabled: false });
    const resumed = server.nextConnection();
    probe.rerender({ enabled: true });
    await resumed;
    await waitFor(() => expect(probe.view.lines.length).toBe(server.history.length));
    expect(probe.view.lines).not.toBe(first);
    const seqs = entries(probe.view).map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('turns an invalid pod name into an error status without opening a socket', async () => {
    const probe = mount({ pod: 'Not_A_Pod' });
    await waitFor(() => expect(probe.view.status.state).toBe('error'));
    expect(probe.view.status.code).toBe(4400);
    expect(probe.view.status.reason).toMatch(/^pod must consist of lower case/);
    expect(server.connections).toHaveLength(0);
  });
});
