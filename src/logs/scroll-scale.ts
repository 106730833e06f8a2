/**
 * Mapping between the scroller's real scroll offset and the virtual offset in the full content.
 * Browsers cap an element's height (about 33 million px in Chromium), and a million 18 px rows exceed
 * it: past a safe maximum the spacer stays at that maximum and offsets are scaled.
 */

/** The spacer height beyond which positions are scaled; well under every browser's cap. */
export const MAX_SCROLL_PX = 15_000_000;

/** How the real scroll range maps onto the virtual content. */
export interface ScrollScale {
  /** Height given to the spacer element. */
  readonly spacerPx: number;
  /** Virtual px per real px of scrolling (1 while nothing is scaled). */
  readonly ratio: number;
  /** Largest virtual offset: the content's height less the viewport. */
  readonly maxVirtualPx: number;
  /** Largest real scroll offset that maps into the content. */
  readonly maxScrollPx: number;
}

/** The scale for content of `totalPx` in a viewport of `viewportPx`. */
export function scrollScale(totalPx: number, viewportPx: number, maxPx: number = MAX_SCROLL_PX): ScrollScale {
  const spacerPx = Math.min(totalPx, maxPx);
  const maxVirtualPx = Math.max(0, totalPx - viewportPx);
  const maxScrollPx = Math.max(0, spacerPx - viewportPx);
  const ratio = totalPx <= maxPx || maxScrollPx === 0 ? 1 : maxVirtualPx / maxScrollPx;
  return { spacerPx, ratio, maxVirtualPx, maxScrollPx };
}

/** The virtual offset shown at real scroll offset `scrollPx`. */
export function toVirtual(scale: ScrollScale, scrollPx: number): number {
  return Math.min(scale.maxVirtualPx, Math.max(0, Math.min(scrollPx, scale.maxScrollPx) * scale.ratio));
}

/** The real scroll offset that shows virtual offset `virtualPx`. */
export function toScroll(scale: ScrollScale, virtualPx: number): number {
  return Math.min(scale.maxScrollPx, Math.max(0, virtualPx / scale.ratio));
}
