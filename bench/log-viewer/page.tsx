/**
 * The benchmark page: mounts one viewer and exposes `window.logBench` for the Node driver
 * (bench/log-viewer.ts). All timing happens here, with the page's own clock and animation frames.
 */
import { createRoot } from 'react-dom/client';
import type { Feed } from './feed.js';
import type { LogLineStore } from '../../src/logs/line-store.js';
import { afterPaint, changeWidths, typeSearch } from './interactions.js';
import { sampleLines, type SampleLine } from './lines.js';
import { OursViewer } from './ours.js';
import { PeerViewer } from './peer.js';
import type { BenchApi } from './protocol.js';

/** Distinct lines cycled through while streaming; the backlog has its own, all distinct. */
const POOL_SIZE = 10_000;
/** Text of the backlog's last line; its appearance in the DOM is what the backlog timing waits for. */
const LAST_LINE = 'backlog-end-marker: the last line of the backlog';

const host = document.getElementById('root') as HTMLElement;
const root = createRoot(host);
let feed: Feed | null = null;
let nextSeq = 0;
let staged: (() => void) | null = null;
let store: LogLineStore | null = null;

function mounted(): Feed {
  if (!feed) throw new Error('mount a viewer first');
  return feed;
}

function ourStore(): LogLineStore {
  if (!store) throw new Error('mount our viewer first');
  return store;
}

const api: BenchApi = {
  async mount(viewer) {
    host.style.width = '1280px';
    store = null;
    feed = await new Promise<Feed>((resolve) => {
      const keep = (held: LogLineStore) => (store = held);
      root.render(viewer === 'ours' ? <OursViewer onFeed={resolve} onStore={keep} /> : <PeerViewer onFeed={resolve} />);
    });
    await afterPaint();
  },

  stream(rate, seconds, warmup) {
    const target = mounted();
    const pool = sampleLines(POOL_SIZE, 0, 1);
    const total = Math.round(rate * (warmup + seconds));
    const frames: number[] = [];
    let sent = 0;
    let start = -1;
    let last = -1;
    let settling = false;
    return new Promise((resolve) => {
      const frame = (now: number): void => {
        // Warm-up frames are not timed: the first ones of a fresh page pay for compiling the viewer's code.
        if (start < 0) start = now;
        else if (now - start > warmup * 1000) frames.push(now - last);
        last = now;
        // Lines due by now, however long the last frame took: a stalled viewer gets bigger batches, as from a socket.
        const due = Math.min(total, Math.floor((rate * (now - start)) / 1000));
        if (due > sent) {
          const batch = Array.from({ length: due - sent }, (_, i) => pool[(nextSeq + i) % POOL_SIZE] as SampleLine);
          target.stage(batch, nextSeq)();
          nextSeq += batch.length;
          sent = due;
        }
        // One more frame after the window closes, so that the last batch's cost is counted too.
        if (settling) resolve({ frames });
        else {
          settling = now - start >= (warmup + seconds) * 1000;
          requestAnimationFrame(frame);
        }
      };
      requestAnimationFrame(frame);
    });
  },

  prepareBacklog(count) {
    staged = mounted().stage(sampleLines(count, nextSeq, 2, LAST_LINE), nextSeq);
    nextSeq += count;
  },

  showBacklog() {
    const deliver = staged;
    if (!deliver) throw new Error('prepareBacklog first');
    // Dropped before delivery so that the heap measured afterwards holds only what the viewer keeps.
    staged = null;
    const start = performance.now();
    deliver();
    return new Promise((resolve) => {
      const check = (): void => {
        if (host.textContent?.includes(LAST_LINE)) setTimeout(() => resolve(performance.now() - start), 0);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  },

  search: (query, gapMs) => typeSearch(host, ourStore(), query, gapMs),

  widths: (widths, windowMs) => changeWidths(host, ourStore(), widths, windowMs),
};

window.logBench = api;
