/**
 * Where the viewer is scrolled, kept as data rather than a pixel offset: following the newest line, or
 * anchored to an entry by seq, so the view stays on the same lines when old ones drop off the front.
 */
import type { RowLayout } from './row-layout.js';
import { scrollScale, toScroll, toVirtual, type ScrollScale } from './scroll-scale.js';

/** Following the end, or anchored `deltaPx` below the top of entry `seq` (paused when `since` was the newest seq). */
export type ScrollPosition =
  | { readonly follow: true }
  | { readonly follow: false; readonly seq: number; readonly deltaPx: number; readonly since: number | null };

/** The position of a viewer that sticks to the bottom. */
export const FOLLOW: ScrollPosition = Object.freeze({ follow: true });

/** What to draw for a position: the offsets of the viewport and of the first rendered row. */
export interface ScrollGeometry {
  readonly scale: ScrollScale;
  /** Top of the viewport in the full (unscaled) content. */
  readonly virtualTop: number;
  /** The scroller's scrollTop for that. */
  readonly scrollTop: number;
}

/** The geometry of `position` over `layout`. */
export function scrollGeometry(layout: RowLayout, position: ScrollPosition, rowPx: number, viewportPx: number): ScrollGeometry {
  const scale = scrollScale(layout.totalRows * rowPx, viewportPx);
  let virtualTop = scale.maxVirtualPx;
  if (!position.follow) {
    // An anchor that was dropped or filtered out falls to the next entry still shown.
    const index = layout.lowerBound(position.seq);
    virtualTop = Math.min(scale.maxVirtualPx, Math.max(0, layout.rowOf(index) * rowPx + position.deltaPx));
  }
  return { scale, virtualTop, scrollTop: toScroll(scale, virtualTop) };
}

/** The anchored position matching a scroller's `scrollTop` (after the user scrolled). */
export function positionAt(layout: RowLayout, scale: ScrollScale, scrollTop: number, rowPx: number, since: number | null): ScrollPosition {
  const virtualTop = toVirtual(scale, scrollTop);
  const index = layout.indexAtRow(Math.floor(virtualTop / rowPx));
  const seq = layout.seqAt(index);
  if (seq === undefined) return FOLLOW;
  return { follow: false, seq, deltaPx: virtualTop - layout.rowOf(index) * rowPx, since };
}

/** A position that shows entry `seq` a third of the way down the viewport. */
export function positionShowing(seq: number, rowPx: number, viewportPx: number, since: number | null): ScrollPosition {
  return { follow: false, seq, deltaPx: -Math.floor(viewportPx / 3 / rowPx) * rowPx, since };
}
