/** The scroller's size and the monospace cell size, measured once and on resize. */
import { useLayoutEffect, useState, type RefObject } from 'react';

/** Characters in the probe, so that sub-pixel glyph widths average out. */
export const PROBE_CHARS = 100;

/** Sizes in px; before layout (or without one, as in jsdom) they fall back to typical values. */
export interface ViewportMetrics {
  readonly charPx: number;
  readonly rowPx: number;
  readonly width: number;
  readonly height: number;
}

const FALLBACK: ViewportMetrics = { charPx: 7.2, rowPx: 18, width: 800, height: 480 };

function measure(scroller: HTMLElement, probe: HTMLElement): ViewportMetrics {
  const box = probe.getBoundingClientRect();
  return {
    charPx: box.width > 0 ? box.width / PROBE_CHARS : FALLBACK.charPx,
    rowPx: box.height > 0 ? box.height : FALLBACK.rowPx,
    width: scroller.clientWidth > 0 ? scroller.clientWidth : FALLBACK.width,
    height: scroller.clientHeight > 0 ? scroller.clientHeight : FALLBACK.height,
  };
}

function same(a: ViewportMetrics, b: ViewportMetrics): boolean {
  return a.charPx === b.charPx && a.rowPx === b.rowPx && a.width === b.width && a.height === b.height;
}

/** Measures `probe` (a span of {@link PROBE_CHARS} digits in the row font) and `scroller`, and re-measures on resize. */
export function useViewportMetrics(scroller: RefObject<HTMLElement | null>, probe: RefObject<HTMLElement | null>): ViewportMetrics {
  const [metrics, setMetrics] = useState(FALLBACK);
  useLayoutEffect(() => {
    const el = scroller.current;
    const cell = probe.current;
    if (!el || !cell) return;
    const update = () => {
      const next = measure(el, cell);
      setMetrics((prev) => (same(prev, next) ? prev : next));
    };
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, [scroller, probe]);
  return metrics;
}
