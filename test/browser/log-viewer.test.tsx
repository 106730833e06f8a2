import { act, cleanup, fireEvent, render } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import type { LogEntry, LogLine } from '../../src/core/log-stream.ts';
import { KubeVisionProvider } from '../../src/react/provider.tsx';
import { useLogStream, type LogStreamView } from '../../src/react/use-log-stream.ts';
import { LogLineStore } from '../../src/logs/line-store.ts';
import { LogView } from '../../src/logs/log-view.tsx';
import { LogViewer, type LogViewerProps } from '../../src/logs/log-viewer.tsx';
import '../../src/styles/theme.css';
import { until } from '../support/until.ts';

const baseUrl = inject('realGatewayUrl');
const token = inject('realGatewayToken');
const POD = { cluster: 'prod-us', namespace: 'default', pod: 'my-pod', container: 'app' } as const;

afterEach(() => cleanup());

function Box({ children }: { children: ReactNode }): ReactNode {
  return <div style={{ width: '900px', height: '420px' }}>{children}</div>;
}

function mountViewer(props: Partial<LogViewerProps> = {}) {
  const view = render(
    <KubeVisionProvider baseUrl={baseUrl} getToken={() => token}>
      <Box>
        <LogViewer {...POD} {...props} />
      </Box>
    </KubeVisionProvider>,
  );
  return viewerDom(view.container);
}

/** Reads the viewer's DOM the way a user sees it. */
function viewerDom(root: HTMLElement) {
  const scroller = () => root.querySelector('[role="log"]') as HTMLElement;
  const rows = () => [...root.querySelectorAll<HTMLElement>('.kv-log__row')];
  const seqs = () => rows().map((r) => Number(r.dataset.seq));
  const rowText = (row: HTMLElement) => row.querySelector('.kv-log__text')?.textContent ?? '';
  /** True when the element's box lies within the scroller's visible box. */
  const inView = (el: Element) => {
    const box = el.getBoundingClientRect();
    const port = scroller().getBoundingClientRect();
    return box.height > 0 && box.top >= port.top - 1 && box.bottom <= port.bottom + 1;
  };
  const heldLines = () => Number((root.querySelector('.kv-log__status-count')?.textContent ?? '0').replace(/\D/g, ''));
  const status = () => root.querySelector('[role="status"]')?.textContent ?? '';
  return { root, scroller, rows, seqs, rowText, inView, heldLines, status };
}

/** Scrolls the viewer to its first line the way a keyboard user does. */
async function scrollToTop(dom: ReturnType<typeof viewerDom>): Promise<void> {
  fireEvent.keyDown(dom.scroller(), { key: 'Home' });
  await until(() => dom.scroller().scrollTop === 0 && dom.root.querySelector('.kv-log__new-lines') !== null, 'the view to pause at the top');
}

/** The words of a line (a letter, then at least four letters, digits or underscores), longest first. */
function words(text: string): string[] {
  return (text.match(/[A-Za-z][A-Za-z0-9_]{4,}/g) ?? []).sort((a, b) => b.length - a.length);
}

/** The longest word of a line, or null. */
function distinctiveWord(text: string): string | null {
  return words(text)[0] ?? null;
}

describe('<LogViewer> against the real gateway', () => {
  it('streams lines in and follows the newest one', async () => {
    const dom = mountViewer({ tail: 50 });
    await until(() => dom.status() === 'Streaming' && dom.rows().length > 0, 'the first lines');
    for (let round = 0; round < 3; round++) {
      const newest = Math.max(...dom.seqs());
      await until(() => Math.max(...dom.seqs()) > newest, 'a new line');
      // The scroll follows within a frame of the row's arrival.
      await until(() => {
        const last = dom.rows().find((r) => Number(r.dataset.seq) === Math.max(...dom.seqs()));
        return last !== undefined && dom.inView(last);
      }, 'the newest line in view');
    }
    // Only the visible rows (plus a small overscan) are in the DOM, once more lines are held than fit.
    await until(() => dom.heldLines() >= 50, '50 lines');
    expect(dom.rows().length).toBeLessThan(dom.heldLines());
  });

  it('pauses when scrolled up, counts the new lines and jumps back to follow', async () => {
    const dom = mountViewer({ tail: 100 });
    await until(() => dom.heldLines() >= 100, '100 lines');
    dom.scroller().scrollTop = 0;
    const button = () => dom.root.querySelector<HTMLButtonElement>('.kv-log__new-lines');
    const waiting = () => Number((button()?.textContent ?? '').replace(/\D/g, ''));
    await until(() => waiting() >= 2, 'a "new lines" count');
    const topSeq = Math.min(...dom.seqs());
    expect(dom.seqs()).toContain(0);
    expect(topSeq).toBe(0);
    expect(button()?.textContent).toMatch(/^\d+ new lines ↓$/);
    await userEvent.click(button() as HTMLButtonElement);
    await until(() => button() === null, 'follow to resume');
    const newest = Math.max(...dom.seqs());
    await until(() => Math.max(...dom.seqs()) > newest, 'a new line');
    const last = dom.rows().find((r) => Number(r.dataset.seq) === Math.max(...dom.seqs())) as HTMLElement;
    expect(dom.inView(last)).toBe(true);
  });

  it('finds a word and scrolls the match into view', async () => {
    const dom = mountViewer({ tail: 200 });
    await until(() => dom.heldLines() >= 200, '200 lines');
    const bottomRows = dom.rows();
    const lastRow = bottomRows[bottomRows.length - 1] as HTMLElement;
    // Words of the rows shown at the bottom, newest first: one of them is surely absent at the top.
    const candidates = bottomRows.reverse().flatMap((r) => words(dom.rowText(r)));
    await scrollToTop(dom);
    expect(dom.inView(lastRow)).toBe(false);
    // A word of that line that no row rendered at the top has: finding it means scrolling.
    const top = dom.rows().map((r) => dom.rowText(r).toLowerCase());
    const word = candidates.find((w) => top.every((t) => !t.includes(w.toLowerCase()))) ?? null;
    expect(word).not.toBeNull();
    const box = dom.root.querySelector('input[type="search"]') as HTMLInputElement;
    await userEvent.click(box);
    await userEvent.keyboard(`${word as string}{Enter}`);
    await until(() => dom.root.querySelector('.kv-log__row--current mark') !== null, 'the current match');
    const mark = dom.root.querySelector('.kv-log__row--current mark') as HTMLElement;
    expect(mark.textContent?.toLowerCase()).toBe((word as string).toLowerCase());
    expect(dom.inView(mark)).toBe(true);
    expect(dom.root.querySelector('.kv-log__match-count')?.textContent).toMatch(/^\d+ of \d+$/);
  });

  it('shows only the matching lines in filter mode', async () => {
    const dom = mountViewer({ tail: 200 });
    await until(() => dom.heldLines() >= 200, '200 lines');
    const texts = dom.rows().map(dom.rowText);
    // A word that some shown lines have and others lack.
    const word = texts.map(distinctiveWord).find((w) => w !== null && texts.some((t) => !t.toLowerCase().includes(w.toLowerCase()))) as string;
    expect(word).toBeTruthy();
    await userEvent.click(dom.root.querySelector('input[type="search"]') as HTMLElement);
    await userEvent.keyboard(word);
    await userEvent.click(dom.root.querySelector('button[aria-label="Show only matching lines"]') as HTMLElement);
    await until(() => dom.rows().length > 0 && dom.rows().every((r) => dom.rowText(r).toLowerCase().includes(word.toLowerCase())), 'only matching rows');
    const count = Number((dom.root.querySelector('.kv-log__match-count')?.textContent ?? '').replace(/\D/g, ''));
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(dom.heldLines());
  });

  it('drops the oldest lines at the cap and says how many', async () => {
    const dom = mountViewer({ tail: 200, maxLines: 50 });
    await until(() => dom.heldLines() === 50 && dom.root.querySelector('[role="note"]') !== null, 'the cap');
    await scrollToTop(dom);
    // The notice and the first row come from the same render: the oldest held seq is the number dropped.
    // The history may arrive over several frames, so wait for all of it (at least 200 - 50 dropped).
    const oldest = () => Math.min(...dom.seqs());
    await until(() => oldest() >= 150 && dom.root.querySelector('[role="note"]')?.textContent === `${oldest()} earlier lines dropped`, 'the dropped count to match the oldest line');
    expect(dom.heldLines()).toBe(50);
  });

  it('renders ANSI colours of the emulator lines', async () => {
    const dom = mountViewer({ tail: 200 });
    await until(() => dom.heldLines() >= 200, '200 lines');
    await scrollToTop(dom);
    const coloured = () => {
      for (const span of dom.root.querySelectorAll<HTMLElement>('.kv-log__text span[style]')) {
        const text = span.closest('.kv-log__text') as HTMLElement;
        if (getComputedStyle(span).color !== getComputedStyle(text).color) return span;
      }
      return null;
    };
    let found = coloured();
    for (let page = 0; !found && page < 30; page++) {
      dom.scroller().scrollTop += dom.scroller().clientHeight;
      await new Promise((r) => setTimeout(r, 50));
      found = coloured();
    }
    expect(found).not.toBeNull();
    expect(found?.textContent).not.toContain('\x1b');
  });
});

describe('<LogViewer> containers', () => {
  interface PodSummary {
    metadata: { name: string };
    status?: { containerStatuses?: { name: string; restartCount: number }[] };
  }

  /** The pods of a namespace, through the gateway's REST API. */
  async function pods(namespace: string): Promise<PodSummary[]> {
    const response = await fetch(`${baseUrl}/api/v1/clusters/prod-us/pods?namespace=${namespace}`, { headers: { Authorization: `Bearer ${token}` } });
    return ((await response.json()) as { items: PodSummary[] }).items;
  }

  /** The names of the pods of a namespace whose name starts with `prefix`. */
  async function podsNamed(namespace: string, prefix: string): Promise<string[]> {
    return (await pods(namespace)).map((p) => p.metadata.name).filter((n) => n.startsWith(prefix));
  }

  it('picks the first container of a multi-container pod and opens a new stream for another', async () => {
    const [pod] = await podsNamed('default', 'web-');
    expect(pod).toBeDefined();
    const dom = mountViewer({ pod: pod as string, container: undefined, tail: 20 });
    const picker = () => dom.root.querySelector<HTMLSelectElement>('select[aria-label="Container"]');
    await until(() => picker() !== null && dom.status() === 'Streaming' && dom.rows().length > 0, 'the first container streaming');
    expect([...(picker() as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(['app', 'sidecar']);
    expect(picker()?.value).toBe('app');
    const appLines = dom.rows().map(dom.rowText);
    await userEvent.selectOptions(picker() as HTMLSelectElement, 'sidecar');
    await until(() => dom.status() === 'Streaming' && dom.rows().length > 0 && dom.rows().every((r) => !appLines.includes(dom.rowText(r))), "the sidecar's own lines");
    // A new store: line numbers start again at 1.
    await scrollToTop(dom);
    expect(Math.min(...dom.seqs())).toBe(0);
  });

  it('lets a parent control the container through onContainerChange', async () => {
    const [pod] = await podsNamed('default', 'web-');
    const picks: string[] = [];
    function Controlled(): ReactNode {
      const [container, setContainer] = useState('app');
      return (
        <KubeVisionProvider baseUrl={baseUrl} getToken={() => token}>
          <button type="button" onClick={() => setContainer('app')}>
            parent: {container}
          </button>
          <Box>
            <LogViewer {...POD} pod={pod as string} container={container} tail={20} onContainerChange={(c) => { picks.push(c); setContainer(c); }} />
          </Box>
        </KubeVisionProvider>
      );
    }
    const view = render(<Controlled />);
    const dom = viewerDom(view.container);
    const picker = () => dom.root.querySelector<HTMLSelectElement>('select[aria-label="Container"]');
    await until(() => picker() !== null && dom.status() === 'Streaming', 'the app container streaming');
    await userEvent.selectOptions(picker() as HTMLSelectElement, 'sidecar');
    expect(picks).toEqual(['sidecar']);
    await until(() => view.getByRole('button', { name: /^parent:/ }).textContent === 'parent: sidecar' && picker()?.value === 'sidecar', 'the parent to hold the pick');
    await userEvent.click(view.getByRole('button', { name: /^parent:/ }));
    await until(() => picker()?.value === 'app' && dom.status() === 'Streaming', 'the container the parent set');
  });

  it("shows the previous instance's log of a crash-looping container", async () => {
    const crashed = (await pods('shop')).find((p) => p.metadata.name.startsWith('checkout-') && p.status?.containerStatuses?.some((c) => c.name === 'checkout' && c.restartCount > 0));
    expect(crashed).toBeDefined();
    const dom = mountViewer({ namespace: 'shop', pod: crashed?.metadata.name as string, container: 'checkout', tail: 20 });
    const previous = dom.root.querySelector('button[aria-label="Logs of the previous container instance"]') as HTMLButtonElement;
    await userEvent.click(previous);
    expect(previous.getAttribute('aria-pressed')).toBe('true');
    await until(() => dom.rows().length > 0 && !dom.status().startsWith('Error'), 'lines of the previous instance');
  });

  it('says why when there is no previous instance', async () => {
    const dom = mountViewer({ tail: 20, previous: true });
    await until(() => /^Error: .*previous terminated container/.test(dom.status()), 'the error of a missing previous instance');
  });
});

describe('<LogView> with a store the page fills', () => {
  const line = (seq: number, text: string): LogLine => ({ kind: 'line', seq, text, timestamp: null });

  function Host({ store, onBump }: { store: LogLineStore; onBump: (bump: () => void) => void }): ReactNode {
    const [version, setVersion] = useState(0);
    onBump(() => setVersion((v) => v + 1));
    return (
      <Box>
        <LogView lines={store} version={version} />
      </Box>
    );
  }

  function mountStore(store: LogLineStore) {
    let bump: () => void = () => undefined;
    const view = render(<Host store={store} onBump={(b) => (bump = b)} />);
    const append = (entries: LogEntry[]) =>
      act(() => {
        store.append(entries);
        bump();
      });
    return { dom: viewerDom(view.container), append };
  }

  it('shows an injected <img onerror> as text', async () => {
    const store = new LogLineStore();
    const { dom, append } = mountStore(store);
    const flag = window as unknown as { kvInjected?: number };
    const payload = '<img src=x onerror="window.kvInjected=1">';
    append([line(0, payload), line(1, `\x1b[31m${payload}\x1b[0m <script>window.kvInjected=2</script>`)]);
    await new Promise((r) => setTimeout(r, 200));
    expect(dom.root.querySelector('img, script')).toBeNull();
    expect(flag.kvInjected).toBeUndefined();
    expect(dom.rows().map(dom.rowText)).toEqual([payload, `${payload} <script>window.kvInjected=2</script>`]);
  });

  it('scrolls through a million lines with only the visible rows in the DOM', async () => {
    const store = new LogLineStore({ maxLines: 1_000_000 });
    const { dom, append } = mountStore(store);
    const text = 'the same short line';
    const batch: LogEntry[] = new Array(1_000_000);
    for (let i = 0; i < batch.length; i++) batch[i] = line(i, text);
    append(batch);
    await until(() => dom.seqs().includes(999_999), 'the last line');
    expect(dom.rows().length).toBeLessThan(80);
    // 18 million px of rows exceed what a browser lays out; the scroller stays within the safe height.
    expect(dom.scroller().scrollHeight).toBeLessThanOrEqual(15_000_000 + 1000);
    const last = dom.rows().find((r) => r.dataset.seq === '999999') as HTMLElement;
    expect(dom.inView(last)).toBe(true);
    dom.scroller().scrollTop = (dom.scroller().scrollHeight - dom.scroller().clientHeight) / 2;
    await until(() => dom.seqs().some((s) => s > 450_000 && s < 550_000), 'rows from the middle');
    expect(dom.rows().filter((r) => dom.inView(r)).length).toBeGreaterThan(10);
    fireEvent.keyDown(dom.scroller(), { key: 'End' });
    await until(() => dom.rows().some((r) => r.dataset.seq === '999999' && dom.inView(r)), 'the end again');
  });
});

describe('useLogStream across a forced disconnect', () => {
  /** Renders the viewer on a stream and hands the test the stream. */
  function Probe({ onView }: { onView: (view: LogStreamView) => void }): ReactNode {
    const view = useLogStream({ ...POD, tail: 30 });
    onView(view);
    return (
      <Box>
        <LogView lines={view.lines} version={view.version} status={view.status} dropped={view.dropped} />
      </Box>
    );
  }

  it('loses and repeats no line, and marks the loss once', async () => {
    let latest: LogStreamView | null = null;
    const view = render(
      <KubeVisionProvider baseUrl={baseUrl} getToken={() => token}>
        <Probe
          onView={(v) => {
            latest = v;
          }}
        />
      </KubeVisionProvider>,
    );
    const stream = () => latest as unknown as LogStreamView;
    await until(() => stream().status.state === 'streaming' && stream().lines.length >= 30, 'the first lines');
    await commands.dropRealGatewaySockets();
    await until(() => [...stream().lines].some((e) => e.kind === 'disconnect'), 'the disconnect marker');
    const markerSeq = ([...stream().lines].find((e) => e.kind === 'disconnect') as LogEntry).seq;
    await until(() => stream().status.state === 'streaming' && (stream().lines.lastSeq ?? 0) >= markerSeq + 10, 'lines after the reconnect');
    expect(view.container.querySelectorAll('[role="separator"]')).toHaveLength(1);

    const ours = [...stream().lines].filter((e): e is LogLine => e.kind === 'line');
    expect([...stream().lines].filter((e) => e.kind === 'disconnect')).toHaveLength(1);
    // The reference is the emulator's own log, read over its API, not through the gateway or the kit.
    const reference = (await commands.emulatorLog(POD.cluster, POD.namespace, POD.pod, POD.container)).split('\n').filter((l) => l !== '');
    const held = ours.map((l) => `${l.timestamp ?? ''} ${l.text}`);
    const start = reference.indexOf(held[0] ?? '');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(held).toEqual(reference.slice(start, start + held.length));
  });
});
