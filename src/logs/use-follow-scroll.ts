/**
 * Follow mode and the scroll position of the viewer: sticks to the bottom while following, pauses when
 * the user scrolls up, and keeps a paused view on the same entry while lines arrive or drop.
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { RowLayout } from './row-layout.js';
import { FOLLOW, positionAt, positionShowing, scrollGeometry, type ScrollGeometry, type ScrollPosition } from './scroll-position.js';

/** What {@link useFollowScroll} gives the view. */
export interface FollowScroll {
  readonly position: ScrollPosition;
  readonly geometry: ScrollGeometry;
  /** Entries that arrived since the view paused; 0 while following. */
  readonly newEntries: number;
  /** The scroller's scroll handler. */
  readonly onScroll: () => void;
  /** Resumes following the newest entry. */
  follow(): void;
  /** Pauses with entry `seq` at the top of the viewport, or a third of the way down. */
  show(seq: number, where: 'top' | 'third'): void;
}

/** Scroll state over `layout` in `scrollerRef`; call on every render (it sets scrollTop after each). */
export function useFollowScroll(scrollerRef: RefObject<HTMLElement | null>, layout: RowLayout, lastSeq: number | null, rowPx: number, viewportPx: number): FollowScroll {
  const [position, setPosition] = useState<ScrollPosition>(FOLLOW);
  // The scrollTop this hook last set, so its own scroll events are not taken for the user's.
  const ownScrollTop = useRef<number | null>(null);
  const geometry = scrollGeometry(layout, position, rowPx, viewportPx);
  const since = position.follow ? lastSeq : position.since;

  useLayoutEffect(() => {
    const el = scrollerRef.current;
    if (!el) return;
    const target = position.follow ? el.scrollHeight - el.clientHeight : geometry.scrollTop;
    if (Math.abs(el.scrollTop - target) <= 1) return;
    el.scrollTop = target;
    ownScrollTop.current = el.scrollTop;
  });

  const onScroll = () => {
    const el = scrollerRef.current;
    if (!el) return;
    const own = ownScrollTop.current;
    ownScrollTop.current = null;
    if (own !== null && Math.abs(el.scrollTop - own) <= 1) return;
    // A tight threshold: a smooth upward scroll's first step is often only a few px and must pause.
    if (el.scrollHeight - el.clientHeight - el.scrollTop <= 1) {
      if (!position.follow) setPosition(FOLLOW);
      return;
    }
    const next = positionAt(layout, geometry.scale, el.scrollTop, rowPx, since);
    if (next.follow || position.follow || next.seq !== position.seq || Math.abs(next.deltaPx - position.deltaPx) >= 1) setPosition(next);
  };

  return {
    position,
    geometry,
    newEntries: position.follow || lastSeq === null ? 0 : lastSeq - (position.since ?? lastSeq),
    onScroll,
    follow: () => setPosition(FOLLOW),
    show: (seq, where) => setPosition(where === 'top' ? { follow: false, seq, deltaPx: 0, since } : positionShowing(seq, rowPx, viewportPx, since)),
  };
}
