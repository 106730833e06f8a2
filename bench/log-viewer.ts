/**
 * Log viewers in headless Chromium: our <LogView> (src/logs/log-view.tsx on a LogLineStore) and
 * @melloware/react-logviewer (LazyLog, `external` + `appendLines`, following) fed the same lines on the same
 * schedule, one batch per animation frame, each run on a fresh page of a production build. Prints the
 * highest rate whose p95 frame time stays under 50 ms, the time to show a 1,000,000-line backlog and the JS
 * heap after it (after a full GC), medians of RUNS runs, with the ratio ours / peer. Then, at that backlog,
 * ours alone (the peer does not survive a million lines): search keystrokes, Enter, width changes and a
 * timestamps toggle with wrapped lines, beside a raw whole-buffer scan or relayout of the same store in
 * the same page. Asserts nothing.
 * Run: npm run bench:logs   (RUNS, RATES, STEP_SECONDS, WARMUP_SECONDS, BACKLOG, BACKLOG_RUNS, CAP_SECONDS,
 * INTERACTION_RUNS override; WORKLOADS=stream,backlog,interaction picks; SAVE_JSON=file keeps the
 * interaction figures and BEFORE_JSON=file prints them beside a later run)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunchArgs, chromiumPath } from '../test/support/chromium.ts';
import { interactionFigures, loadFigures, printInteractions, saveFigures, type InteractionRun } from './log-viewer/interaction-report.ts';
import type { BenchApi, ViewerName } from './log-viewer/protocol.ts';
import { buildPage, serveStatic } from './log-viewer/serve.ts';

const RUNS = Number(process.env.RUNS ?? 3);
const RATES = (process.env.RATES ?? '10,100,300,1000,3000,10000,30000,100000,300000,1000000').split(',').map(Number);
const STEP_SECONDS = Number(process.env.STEP_SECONDS ?? 3);
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 1);
const BACKLOG = Number(process.env.BACKLOG ?? 1_000_000);
const BACKLOG_RUNS = Number(process.env.BACKLOG_RUNS ?? RUNS);
const CAP_MS = Number(process.env.CAP_SECONDS ?? 120) * 1000;
const INTERACTION_RUNS = Number(process.env.INTERACTION_RUNS ?? RUNS);
const WORKLOADS = new Set((process.env.WORKLOADS ?? 'stream,backlog,interaction').split(','));
/** A word in about one line in eight of the sample, typed key by key. */
const QUERY = 'timeout';
/** Time between keystrokes, as a fast typist types. */
const KEY_GAP_MS = 120;
/** Frames are watched this long after each width change, which covers its settle delay. */
const CHANGE_WINDOW_MS = 1000;
const WIDTHS = [1000, 1280, 1100, 1280];
const FRAME_LIMIT_MS = 50;
const VIEWERS: readonly ViewerName[] = ['ours', 'peer'];
const LABEL: Record<ViewerName, string> = { ours: 'ours (<LogView>)', peer: '@melloware/react-logviewer 6.5.5' };

/** A measurement the page did not finish within its cap (`timeout`), or that failed or crashed the page. */
class Stalled extends Error {
  constructor(
    readonly kind: 'timeout' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

/** A figure, possibly only a bound ('> 120' when the cap was hit), or null when there is none. */
interface Figure {
  readonly value: number | null;
  readonly bound: '' | '<' | '>' | '≥';
  /** Shown instead of a missing value. */
  readonly why?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // A headless page counts as visible, but background throttling must never pace the frames measured.
    args: [...chromiumLaunchArgs, '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'],
  });
}

// Frame times depend on what else the machine runs, so the output says how busy it was.
const loadAtStart = loadavg()[0] ?? 0;
const outDir = await mkdtemp(join(tmpdir(), 'kv-log-bench-'));
await buildPage(outDir);
const server = await serveStatic(outDir);
let browser = await launch();

function within<T>(page: Page, work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const start = performance.now();
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Stalled('timeout', `no answer within ${ms / 1000} s`)), ms);
    page.once('crash', () => reject(new Stalled('failed', `page crashed after ${((performance.now() - start) / 1000).toFixed(0)} s`)));
  });
  // Any failure inside the page (out of memory, a crash, a throw) is that viewer's result, not the end of the run.
  const failed = work.catch((error: unknown) => Promise.reject(new Stalled('failed', error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error))));
  return Promise.race([failed, stalled]).finally(() => clearTimeout(timer));
}

/** Runs `body` against `viewer` mounted on a fresh page; a stall closes the whole browser, since its renderer may never answer again. */
async function onFreshPage<T>(viewer: ViewerName, body: (page: Page) => Promise<T>): Promise<T | Stalled> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    await within(page, page.goto(server.url), 30_000);
    await within(page, page.waitForFunction(() => window.logBench !== undefined), 30_000);
    await within(page, page.evaluate((name) => (window.logBench as BenchApi).mount(name), viewer), 30_000);
    const result = await body(page);
    await context.close();
    return result;
  } catch (error) {
    if (!(error instanceof Stalled)) throw error;
    await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 15_000))]);
    browser = await launch();
    return error;
  }
}

/** p95 frame time (ms) of one run at `rate` lines/s, or Infinity when the page stalled. */
async function streamRun(viewer: ViewerName, rate: number): Promise<number> {
  const result = await onFreshPage(viewer, (page) =>
    within(page, page.evaluate(([r, s, w]) => (window.logBench as BenchApi).stream(r, s, w), [rate, STEP_SECONDS, WARMUP_SECONDS] as const), (WARMUP_SECONDS + STEP_SECONDS) * 1000 + 60_000),
  );
  return result instanceof Stalled ? Number.POSITIVE_INFINITY : percentile(result.frames, 0.95);
}

/** Backlog display time (ms), then JS heap and ArrayBuffer storage after a full GC (bytes), of one run. */
async function backlogRun(viewer: ViewerName): Promise<{ ms: number; heap: number; buffers: number } | Stalled> {
  return onFreshPage(viewer, async (page) => {
    await within(page, page.evaluate((count) => (window.logBench as BenchApi).prepareBacklog(count), BACKLOG), 120_000);
    const ms = await within(page, page.evaluate(() => (window.logBench as BenchApi).showBacklog()), CAP_MS);
    const cdp = await page.context().newCDPSession(page);
    const usage = await within(
      page,
      (async () => {
        // Twice: the first pass may only finalise objects that the second one frees.
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        return cdp.send('Runtime.getHeapUsage');
      })(),
      60_000,
    );
    return { ms, heap: usage.usedSize, buffers: usage.backingStorageSize };
  });
}

// Context for the figures below: frame times with the viewer mounted and nothing arriving.
const idle: Partial<Record<ViewerName, number>> = {};
if (WORKLOADS.has('stream')) for (const viewer of VIEWERS) idle[viewer] = await streamRun(viewer, 0);

// Workload 1: step the rate up, both viewers alternating run by run; a viewer stops at its first failing step.
const p95ByRate = new Map<number, Partial<Record<ViewerName, number>>>();
const sustained: Record<ViewerName, Figure> = { ours: { value: RATES[0] ?? 0, bound: '<' }, peer: { value: RATES[0] ?? 0, bound: '<' } };
const stillGoing = new Set<ViewerName>(VIEWERS);
for (const rate of WORKLOADS.has('stream') ? RATES : []) {
  if (stillGoing.size === 0) break;
  const p95s: Record<ViewerName, number[]> = { ours: [], peer: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const viewer of stillGoing) {
      // A stall is final for this step: repeating it would only spend the time budget.
      if (!p95s[viewer].includes(Number.POSITIVE_INFINITY)) p95s[viewer].push(await streamRun(viewer, rate));
    }
  }
  const row: Partial<Record<ViewerName, number>> = {};
  for (const viewer of [...stillGoing]) {
    // Frame times come in whole vsync intervals, so 50 ms means three frames: round off float noise before comparing.
    const p95 = Math.round(median(p95s[viewer]) * 10) / 10;
    row[viewer] = p95;
    if (p95 < FRAME_LIMIT_MS) sustained[viewer] = { value: rate, bound: rate === RATES[RATES.length - 1] ? '≥' : '' };
    else stillGoing.delete(viewer);
  }
  p95ByRate.set(rate, row);
  console.error(`rate ${rate} lines/s: ${VIEWERS.map((v) => `${v} p95 ${row[v]?.toFixed(1) ?? '-'} ms`).join(', ')}`);
}

// Workloads 2 and 3 share each run: show the backlog, then collect garbage and read the heap.
const backlogMs: Record<ViewerName, number[]> = { ours: [], peer: [] };
const heapBytes: Record<ViewerName, number[]> = { ours: [], peer: [] };
// Outside the JS heap proper, so reported beside it: the peer keeps its whole log as bytes.
const bufferBytes: Record<ViewerName, number[]> = { ours: [], peer: [] };
const backlogStalled: Partial<Record<ViewerName, Stalled>> = {};
for (let run = 0; run < (WORKLOADS.has('backlog') ? BACKLOG_RUNS : 0); run++) {
  for (const viewer of VIEWERS) {
    if (backlogStalled[viewer] !== undefined) continue;
    const result = await backlogRun(viewer);
    if (result instanceof Stalled) backlogStalled[viewer] = result;
    else {
      backlogMs[viewer].push(result.ms);
      heapBytes[viewer].push(result.heap);
      bufferBytes[viewer].push(result.buffers);
    }
    console.error(`backlog run ${run + 1} ${viewer}: ${result instanceof Stalled ? result.message : `${(result.ms / 1000).toFixed(2)} s, heap ${(result.heap / 1e6).toFixed(0)} MB, buffers ${(result.buffers / 1e6).toFixed(0)} MB`}`);
  }
}

// Workload 4: user actions on ours at the backlog, each run on a fresh page.
const interactions: InteractionRun[] = [];
for (let run = 0; run < (WORKLOADS.has('interaction') ? INTERACTION_RUNS : 0); run++) {
  const result = await onFreshPage('ours', async (page) => {
    await within(page, page.evaluate((count) => (window.logBench as BenchApi).prepareBacklog(count), BACKLOG), 120_000);
    await within(page, page.evaluate(() => (window.logBench as BenchApi).showBacklog()), CAP_MS);
    const search = await within(page, page.evaluate(([q, gap]) => (window.logBench as BenchApi).search(q, gap), [QUERY, KEY_GAP_MS] as const), CAP_MS);
    const widths = await within(page, page.evaluate(([w, ms]) => (window.logBench as BenchApi).widths(w, ms), [WIDTHS, CHANGE_WINDOW_MS] as const), CAP_MS);
    return { search, widths };
  });
  if (result instanceof Stalled) console.error(`interaction run ${run + 1}: ${result.message}`);
  else {
    interactions.push(result);
    const { search, widths } = result;
    console.error(
      `interaction run ${run + 1}: keystrokes ${search.handledMs.map((v) => v.toFixed(0)).join('/')} ms (raw ${search.rawMs.map((v) => v.toFixed(0)).join('/')}), count "${search.count}" after ${search.completeMs.toFixed(0)} ms, ` +
        `resizes ${widths.resizeMs.map((v) => v.toFixed(0)).join('/')} ms (raw ${widths.rawMs.map((v) => v.toFixed(0)).join('/')}), toggles ${widths.toggleMs.map((v) => v.toFixed(0)).join('/')} ms`,
    );
  }
}

const chromiumVersion = browser.version();
await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 15_000))]);
await server.close();
await rm(outDir, { recursive: true, force: true });

function backlogFigure(viewer: ViewerName): Figure {
  const stalled = backlogStalled[viewer];
  if (stalled?.kind === 'timeout') return { value: CAP_MS / 1000, bound: '>' };
  if (stalled) return { value: null, bound: '', why: stalled.message };
  return { value: median(backlogMs[viewer]) / 1000, bound: '' };
}

function megabytes(samples: Record<ViewerName, number[]>): (viewer: ViewerName) => Figure {
  return (viewer) => (backlogStalled[viewer] === undefined ? { value: median(samples[viewer]) / 1e6, bound: '' } : { value: null, bound: '', why: 'did not finish' });
}

function show(figure: Figure, digits: number): string {
  if (figure.value === null) return figure.why ?? 'n/a';
  const text = figure.value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return figure.bound === '' ? text : `${figure.bound} ${text}`;
}

function direction(bound: Figure['bound']): number {
  return bound === '' ? 0 : bound === '<' ? -1 : 1;
}

/** ours / peer; a bound on either side makes the ratio a bound, and bounds the same way make it unknown. */
function ratio(ours: Figure, peer: Figure): string {
  const up = direction(ours.bound);
  const down = -direction(peer.bound);
  if (ours.value === null || peer.value === null || peer.value === 0 || (up !== 0 && down !== 0 && up !== down)) return 'n/a';
  const value = String(Number((ours.value / peer.value).toPrecision(2)));
  const way = up + down;
  return way === 0 ? value : `${way > 0 ? '>' : '<'} ${value}`;
}

function figureRow(name: string, pick: (viewer: ViewerName) => Figure, digits: number): [string, Record<string, string>] {
  return [name, { [LABEL.ours]: show(pick('ours'), digits), [LABEL.peer]: show(pick('peer'), digits), 'ours / peer': ratio(pick('ours'), pick('peer')) }];
}

const backlogRuns = (viewer: ViewerName): string =>
  backlogStalled[viewer] !== undefined ? `stopped after ${backlogMs[viewer].length + 1} run(s): ${backlogStalled[viewer]?.message ?? ''}` : `median of ${backlogMs[viewer].length} run(s)`;
const lines = BACKLOG.toLocaleString('en-US');
console.log(`log viewers in headless Chromium ${chromiumVersion}, 1280x720 viewer, lines of ~110 chars plus an RFC3339Nano timestamp, ~20% ANSI-coloured`);
console.log(`${cpus().length} cores, 1-minute load average at start ${loadAtStart.toFixed(1)}, at end ${(loadavg()[0] ?? 0).toFixed(1)}`);
if (WORKLOADS.has('stream')) {
  console.log(`sustained rate: ${STEP_SECONDS} s per step after ${WARMUP_SECONDS} s of warm-up at the same rate, median p95 frame time of ${RUNS} runs, a fresh page per run, limit ${FRAME_LIMIT_MS} ms`);
  const p95Cell = (p95: number | undefined): number | string => (p95 === undefined ? '-' : Number.isFinite(p95) ? Number(p95.toFixed(1)) : 'stalled');
  console.table(
    Object.fromEntries([
      ['idle, 1 run', Object.fromEntries(VIEWERS.map((v) => [`${v} p95 frame ms`, p95Cell(idle[v])]))],
      ...[...p95ByRate].map(([rate, row]) => [`${rate.toLocaleString('en-US')} lines/s`, Object.fromEntries(VIEWERS.map((v) => [`${v} p95 frame ms`, p95Cell(row[v])]))]),
    ]),
  );
}
if (WORKLOADS.has('backlog')) {
  console.log(`${lines}-line backlog (then heap after GC): ours ${backlogRuns('ours')}; peer ${backlogRuns('peer')}; cap ${CAP_MS / 1000} s`);
  console.table(
    Object.fromEntries([
      figureRow(`lines/s sustained, p95 frame < ${FRAME_LIMIT_MS} ms`, (v) => sustained[v], 0),
      figureRow(`${lines}-line backlog shown (s)`, backlogFigure, 2),
      figureRow(`JS heap after ${lines} lines (MB)`, megabytes(heapBytes), 0),
      figureRow(`ArrayBuffer storage after ${lines} lines (MB)`, megabytes(bufferBytes), 0),
    ]),
  );
}
if (interactions.length > 0) {
  const figures = interactionFigures(interactions, lines);
  console.log(
    `ours at a ${lines}-line backlog, median of ${interactions.length} run(s): "${QUERY}" typed key by key ${KEY_GAP_MS} ms apart; widths ${WIDTHS.join(', ')} px with wrapped lines, frames watched ${CHANGE_WINDOW_MS} ms after each change; raw = one synchronous scan or relayout of every line in the same page`,
  );
  printInteractions(figures, process.env.BEFORE_JSON ? await loadFigures(process.env.BEFORE_JSON) : null);
  if (process.env.SAVE_JSON) await saveFigures(process.env.SAVE_JSON, figures);
}
process.exit(0);
