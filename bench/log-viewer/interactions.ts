/**
 * User actions on our viewer at a large backlog, timed in the page: search keystrokes, Enter, width
 * changes and toggles, each beside a raw whole-buffer baseline run on the same store in the same page
 * (what the action costs when it rescans or relays out every line).
 */
import type { LogEntry } from '../../src/core/log-stream.js';
import { entryRows } from '../../src/logs/entry-text.js';
import type { LogLineStore } from '../../src/logs/line-store.js';
import { RowLayout } from '../../src/logs/row-layout.js';
import { createMatcher } from '../../src/logs/search.js';
import type { SearchResult, WidthResult } from './protocol.js';

/** Resolves after the next frame has painted: a task queued from a frame callback runs after that frame. */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Records the time between animation frames until stopped: the longest gap is the worst jank seen. */
function recordFrames(): { stop(): number[] } {
  const gaps: number[] = [];
  let last = -1;
  let on = true;
  const tick = (now: number): void => {
    if (last >= 0) gaps.push(now - last);
    last = now;
    if (on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    stop() {
      on = false;
      return gaps;
    },
  };
}

function searchInput(root: HTMLElement): HTMLInputElement {
  const input = root.querySelector<HTMLInputElement>('input[aria-label="Search logs"]');
  if (!input) throw new Error('no search box');
  return input;
}

/** Types `value` as a keystroke does: React sees an input event, handled synchronously as a discrete event. */
function setQuery(input: HTMLInputElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

function matchCount(root: HTMLElement): string {
  return root.querySelector('.kv-log__match-count')?.textContent ?? '';
}

/** True once the count is final: no "Searching…" and no "≥ … …" progress. */
function searchDone(root: HTMLElement): boolean {
  const text = matchCount(root);
  return text !== '' && !text.includes('…');
}

async function untilTrue(probe: () => boolean, capMs: number): Promise<void> {
  const start = performance.now();
  while (!probe()) {
    if (performance.now() - start > capMs) throw new Error('gave up waiting');
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** Ms of one synchronous whole-buffer scan of `store` for `query`: the keystroke cost of a rebuilding search. */
function rawScan(store: LogLineStore, query: string): number {
  const start = performance.now();
  const matcher = createMatcher({ query });
  let found = 0;
  if (matcher.ok) for (const entry of store) if (entry.kind === 'line' && matcher.test(entry.text)) found++;
  const ms = performance.now() - start;
  // Read so that the loop cannot be optimised away.
  if (found < 0) throw new Error('unreachable');
  return ms;
}

/** Types `query` key by key `gapMs` apart, waits for the final count, then presses Enter; also a paste followed by Enter at once. */
export async function typeSearch(root: HTMLElement, store: LogLineStore, query: string, gapMs: number): Promise<SearchResult> {
  const input = searchInput(root);
  const handledMs: number[] = [];
  const paintedMs: number[] = [];
  const rawMs: number[] = [];
  const frames = recordFrames();
  let lastKey = 0;
  for (let i = 1; i <= query.length; i++) {
    await sleep(gapMs);
    lastKey = performance.now();
    setQuery(input, query.slice(0, i));
    handledMs.push(performance.now() - lastKey);
    await afterPaint();
    paintedMs.push(performance.now() - lastKey);
  }
  await untilTrue(() => searchDone(root), 60_000);
  const completeMs = performance.now() - lastKey;
  const longestFrameMs = Math.max(0, ...frames.stop());
  const enterStart = performance.now();
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  const enterMs = performance.now() - enterStart;
  const count = matchCount(root);
  await afterPaint();
  // Enter at once after a paste: the index is not built yet, so Enter flushes what it needs.
  setQuery(input, '');
  await sleep(gapMs);
  setQuery(input, query);
  const flushStart = performance.now();
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
  const enterFlushMs = performance.now() - flushStart;
  await untilTrue(() => searchDone(root), 60_000);
  setQuery(input, '');
  await afterPaint();
  for (let i = 1; i <= query.length; i++) rawMs.push(rawScan(store, query.slice(0, i)));
  return { handledMs, paintedMs, rawMs, completeMs, longestFrameMs, enterMs, enterFlushMs, count };
}

/** Ms of a whole-buffer relayout of `store` at `cols` columns: what a width change costs when it lays out every line. */
function rawRelayout(store: LogLineStore, cols: number): number {
  const start = performance.now();
  const layout = new RowLayout();
  for (const entry of store as Iterable<LogEntry>) layout.push(entry.seq, entryRows(entry, cols, false));
  return performance.now() - start;
}

/** The longest frame within `windowMs` after `change()`, and how long `change()` itself ran. */
async function timedChange(change: () => void, windowMs: number): Promise<number> {
  await afterPaint();
  const frames = recordFrames();
  await afterPaint();
  change();
  await sleep(windowMs);
  return Math.max(0, ...frames.stop());
}

function click(root: HTMLElement, label: string): void {
  const button = root.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
  if (!button) throw new Error(`no button ${label}`);
  button.click();
}

/** Wraps lines, then changes the width of `root` (the viewer's container) `widths` times and toggles timestamps twice, each followed by `windowMs` of frames. */
export async function changeWidths(root: HTMLElement, store: LogLineStore, widths: readonly number[], windowMs: number): Promise<WidthResult> {
  const wrapMs = await timedChange(() => click(root, 'Wrap long lines'), windowMs);
  const resizeMs: number[] = [];
  for (const width of widths) resizeMs.push(await timedChange(() => (root.style.width = `${width}px`), windowMs));
  const toggleMs: number[] = [];
  for (let i = 0; i < 2; i++) toggleMs.push(await timedChange(() => click(root, 'Show timestamps'), windowMs));
  // The baseline at the columns each width gives (about 7.2 px per character at this font).
  const rawMs = widths.map((width) => rawRelayout(store, Math.floor(width / 7.2) - 40));
  return { wrapMs, resizeMs, toggleMs, rawMs };
}
