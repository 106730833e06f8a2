import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogEntry, LogLine } from '../../src/core/log-stream.ts';
import { LogLineStore } from '../../src/logs/line-store.ts';
import { ContainerPicker, containerKey, parseContainerKey } from '../../src/logs/container-picker.tsx';
import { LogView, type LogViewProps } from '../../src/logs/log-view.tsx';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const line = (seq: number, text: string, timestamp: string | null = null): LogLine => ({ kind: 'line', seq, text, timestamp });

function storeOf(texts: string[], maxLines = 100_000): LogLineStore {
  const store = new LogLineStore({ maxLines });
  store.append(texts.map((t, i) => line(i, t)));
  return store;
}

/** A LogView whose test can append to the store and bump the version, as a stream hook does. */
function mount(store: LogLineStore, props: Partial<LogViewProps> = {}) {
  let bump: () => void = () => undefined;
  function Host(): ReactNode {
    const [version, setVersion] = useState(store.version);
    bump = () => setVersion(store.version);
    return <LogView lines={store} version={version} {...props} />;
  }
  const view = render(<Host />);
  const append = (entries: LogEntry[]) =>
    act(() => {
      store.append(entries);
      bump();
    });
  const rowTexts = () => [...view.container.querySelectorAll('.kv-log__row .kv-log__text')].map((el) => el.textContent);
  return { view, append, rowTexts };
}

describe('<LogView> rendering', () => {
  it('renders ANSI colours and styles as styled spans', () => {
    const { view } = mount(storeOf(['\x1b[31mred\x1b[0m plain \x1b[1;38;2;10;20;30mtrue\x1b[0m \x1b[38;5;208morange\x1b[0m \x1b[4;9mdeco\x1b[0m']));
    const spans = [...view.container.querySelectorAll<HTMLElement>('.kv-log__text span')];
    const byText = (t: string) => spans.find((s) => s.textContent === t) as HTMLElement;
    expect(byText('red').style.color).toBe('var(--kv-log-ansi-1)');
    expect(byText('true').style.color).toBe('rgb(10, 20, 30)');
    expect(byText('true').className).toContain('kv-log-ansi--bold');
    expect(byText('orange').style.color).toBe('rgb(255, 135, 0)');
    expect(byText('deco').style.textDecorationLine).toBe('underline line-through');
    expect(view.container.querySelector('.kv-log__text')?.textContent).toBe('red plain true orange deco');
  });

  it('shows an injected <img onerror> as text, never as an element', () => {
    const payload = '<img src=x onerror=alert(1)>';
    const { view } = mount(storeOf([payload, `\x1b[32m${payload}\x1b[0m`]));
    expect(view.container.querySelector('img')).toBeNull();
    expect(screen.getAllByText(payload)).toHaveLength(2);
  });

  it('keeps only the visible rows in the DOM for a large store', () => {
    const store = storeOf(Array.from({ length: 100_000 }, (_, i) => `line ${i}`));
    const { view } = mount(store);
    const rows = view.container.querySelectorAll('.kv-log__row');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100);
    // Following: the newest line is among them.
    expect(view.container.querySelector('[data-seq="99999"]')).not.toBeNull();
  });

  it('says how many earlier lines were dropped at the cap', () => {
    const store = storeOf(Array.from({ length: 25 }, (_, i) => `line ${i}`), 10);
    mount(store);
    expect(screen.getByRole('note').textContent).toBe('15 earlier lines dropped');
  });

  it('shows a disconnect marker row with its reason', () => {
    const store = new LogLineStore();
    store.append([line(0, 'before'), { kind: 'disconnect', seq: 1, at: Date.UTC(2026, 0, 1, 12, 3, 4), code: 1006, reason: 'network lost' }, line(2, 'after')]);
    mount(store);
    const marker = screen.getByRole('separator');
    expect(marker.getAttribute('aria-label')).toMatch(/^Connection lost at \d\d:\d\d:\d\d — resumed \(network lost\)$/);
    expect(marker.textContent).toContain('network lost');
  });
});

describe('<LogView> search and filter', () => {
  const texts = ['alpha one', 'beta', 'alpha two', 'gamma', 'ALPHA three'];

  it('highlights matches, counts them and steps through with Enter and Shift+Enter', () => {
    const { view } = mount(storeOf(texts));
    const box = screen.getByRole('searchbox', { name: 'Search logs' });
    fireEvent.change(box, { target: { value: 'alpha' } });
    expect(view.container.querySelectorAll('mark')).toHaveLength(3);
    expect(screen.getByText('3 matches')).toBeTruthy();
    fireEvent.keyDown(box, { key: 'Enter' });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(screen.getByText('2 of 3')).toBeTruthy();
    expect(view.container.querySelector('.kv-log__row--current')?.getAttribute('data-seq')).toBe('2');
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(screen.getByText('1 of 3')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Match case' }));
    expect(view.container.querySelectorAll('mark')).toHaveLength(2);
  });

  it('shows only matching lines in filter mode, including lines that arrive later', () => {
    const { append, rowTexts } = mount(storeOf(texts));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search logs' }), { target: { value: 'alpha' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show only matching lines' }));
    expect(rowTexts()).toEqual(['alpha one', 'alpha two', 'ALPHA three']);
    append([line(5, 'delta'), line(6, 'alpha four')]);
    expect(rowTexts()).toEqual(['alpha one', 'alpha two', 'ALPHA three', 'alpha four']);
    fireEvent.click(screen.getByRole('button', { name: 'Show only matching lines' }));
    expect(rowTexts()).toHaveLength(7);
  });

  it('shows an invalid regex as an error instead of throwing', () => {
    mount(storeOf(texts));
    fireEvent.click(screen.getByRole('button', { name: 'Regular expression' }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search logs' }), { target: { value: '(unclosed' } });
    expect(screen.getByRole('alert').textContent).toMatch(/unterminated|group/i);
  });
});

describe('<LogView> lines', () => {
  it('cuts a 1 MB line for display and expands it on request', () => {
    const store = storeOf(['x'.repeat(1_000_000), 'next']);
    const { view } = mount(store);
    const text = () => view.container.querySelector('[data-seq="0"] .kv-log__text span')?.textContent ?? '';
    expect(text()).toHaveLength(10_000);
    fireEvent.click(screen.getByRole('button', { name: 'Show all of line 1 (1.0 MB)' }));
    expect(text()).toHaveLength(1_000_000);
  });

  it('toggles timestamps without touching the text, and numbers lines by seq', () => {
    const store = new LogLineStore({ maxLines: 3 });
    store.append([line(0, 'a', '2026-01-01T00:00:00.000000001Z'), line(1, 'b', '2026-01-01T00:00:01.5Z'), line(2, 'c', null), line(3, 'd', null)]);
    const { view } = mount(store);
    expect(view.container.querySelector('.kv-log__timestamp')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show timestamps' }));
    expect(view.container.querySelector('[data-seq="1"] .kv-log__timestamp')?.textContent).toBe('2026-01-01T00:00:01.5Z');
    // Line 1 was dropped: the numbers of the others did not shift.
    expect([...view.container.querySelectorAll('.kv-log__number')].map((n) => n.textContent)).toEqual(['2', '3', '4']);
  });

  it('copies the lines selected by clicking and shift-clicking their numbers', async () => {
    const writeText = vi.fn<(text: string) => Promise<void>>().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    mount(storeOf(['zero', '\x1b[31mone\x1b[0m', 'two', 'three']));
    const copy = screen.getByRole('button', { name: 'Copy selected lines' }) as HTMLButtonElement;
    expect(copy.disabled).toBe(true);
    fireEvent.click(screen.getByText('2'));
    fireEvent.click(screen.getByText('4'), { shiftKey: true });
    fireEvent.click(copy);
    await act(async () => undefined);
    expect(writeText).toHaveBeenCalledWith('one\ntwo\nthree\n');
    expect(screen.getByText('Copied 3 lines')).toBeTruthy();
  });

  it('clears the store and its notice', () => {
    const store = storeOf(Array.from({ length: 20 }, (_, i) => `line ${i}`), 10);
    const { view } = mount(store);
    fireEvent.click(screen.getByRole('button', { name: 'Clear logs' }));
    expect(store.length).toBe(0);
    expect(view.container.querySelectorAll('.kv-log__row')).toHaveLength(0);
    expect(screen.queryByRole('note')).toBeNull();
  });
});

describe('<LogView> keyboard and download', () => {
  it('focuses the search box on Ctrl+F or Cmd+F while the viewer has focus', () => {
    mount(storeOf(['a', 'b']));
    const log = screen.getByRole('log', { name: 'Log output' });
    log.focus();
    fireEvent.keyDown(log, { key: 'f', ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search logs' }));
    log.focus();
    fireEvent.keyDown(log, { key: 'F', metaKey: true });
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search logs' }));
  });

  it('downloads what is held as plain text, with timestamps when they are shown', async () => {
    const blobs: Blob[] = [];
    Object.assign(URL, { createObjectURL: (b: Blob) => (blobs.push(b), 'blob:logs'), revokeObjectURL: () => undefined });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const store = new LogLineStore({ maxLines: 2 });
    store.append([line(0, 'gone', 'T0'), line(1, '\x1b[32mgreen\x1b[0m', 'T1'), { kind: 'disconnect', seq: 2, at: Date.UTC(2026, 0, 1), code: 1006, reason: 'lost' }]);
    mount(store, { downloadName: 'pod.log' });
    fireEvent.click(screen.getByRole('button', { name: 'Show timestamps' }));
    fireEvent.click(screen.getByRole('button', { name: 'Download logs' }));
    expect(click).toHaveBeenCalledTimes(1);
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('pod.log');
    expect(await (blobs[0] as Blob).text()).toBe('T1 green\n--- connection lost at 2026-01-01T00:00:00.000Z (lost) ---\n');
  });
});

describe('container picker', () => {
  it('lists regular containers first and labels init containers', () => {
    const key = containerKey({ spec: { initContainers: [{ name: 'migrate' }], containers: [{ name: 'app' }, { name: 'sidecar' }] } });
    expect(parseContainerKey(key)).toEqual([
      { name: 'app', init: false },
      { name: 'sidecar', init: false },
      { name: 'migrate', init: true },
    ]);
    const onChange = vi.fn<(c: string) => void>();
    render(<ContainerPicker containers={parseContainerKey(key)} value="app" onChange={onChange} previous={false} onPreviousChange={() => undefined} />);
    const select = screen.getByRole('combobox', { name: 'Container' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['app', 'sidecar', 'migrate (init)']);
    fireEvent.change(select, { target: { value: 'migrate' } });
    expect(onChange).toHaveBeenCalledWith('migrate');
  });

  it('offers no select for a single container', () => {
    render(<ContainerPicker containers={[{ name: 'app', init: false }]} value="app" onChange={() => undefined} previous onPreviousChange={() => undefined} />);
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.getByRole('button', { name: 'Logs of the previous container instance' }).getAttribute('aria-pressed')).toBe('true');
  });
});
