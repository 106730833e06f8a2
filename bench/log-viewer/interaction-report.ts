/**
 * The Node side of the interaction workload of `npm run bench:logs`: medians of the page's search and
 * width-change timings over several runs, printed as a table with the ratio to the raw whole-buffer
 * baseline measured in the same page, and beside a saved earlier run ("before") when one is given.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { SearchResult, WidthResult } from './protocol.js';

/** One run of the interaction workload on a fresh page. */
export interface InteractionRun {
  readonly search: SearchResult;
  readonly widths: WidthResult;
}

/** The medians printed, by row name: ours (ms) and the raw baseline (ms) when the row has one. */
export type InteractionFigures = Record<string, { ours: number; raw?: number }>;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Medians over runs (and over the keystrokes or width changes within each run). */
export function interactionFigures(runs: readonly InteractionRun[], lines: string): InteractionFigures {
  const all = (pick: (run: InteractionRun) => readonly number[]) => runs.flatMap((run) => [...pick(run)]);
  // The first two keystrokes match most lines and the last ones few: the median covers the typing as a whole.
  return {
    [`search keystroke, input handled (ms), ${lines} lines`]: { ours: median(all((r) => r.search.handledMs)), raw: median(all((r) => r.search.rawMs)) },
    [`search keystroke, until painted (ms)`]: { ours: median(all((r) => r.search.paintedMs)), raw: median(all((r) => r.search.rawMs)) },
    ['longest frame while typing and indexing (ms)']: { ours: median(all((r) => [r.search.longestFrameMs])), raw: Math.max(0, ...all((r) => r.search.rawMs)) },
    ['last keystroke until the count is final (ms)']: { ours: median(all((r) => [r.search.completeMs])) },
    ['Enter once the count is final (ms)']: { ours: median(all((r) => [r.search.enterMs])) },
    ['Enter right after a paste, flushing (ms)']: { ours: median(all((r) => [r.search.enterFlushMs])), raw: median(all((r) => r.search.rawMs.slice(-1))) },
    [`width change, wrapped, longest frame (ms)`]: { ours: median(all((r) => r.widths.resizeMs)), raw: median(all((r) => r.widths.rawMs)) },
    ['timestamps toggle, wrapped, longest frame (ms)']: { ours: median(all((r) => r.widths.toggleMs)), raw: median(all((r) => r.widths.rawMs)) },
    ['wrap on, longest frame (ms)']: { ours: median(all((r) => [r.widths.wrapMs])), raw: median(all((r) => r.widths.rawMs)) },
  };
}

const ms = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(1));
const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || b === 0 ? '-' : String(Number((a / b).toPrecision(2))));

/** Prints the figures; `before` (from an earlier run's saved file) adds its column and the ratio after / before. */
export function printInteractions(figures: InteractionFigures, before: InteractionFigures | null): void {
  console.table(
    Object.fromEntries(
      Object.entries(figures).map(([name, f]) => {
        const row: Record<string, string> = { 'ours (ms)': ms(f.ours), 'raw whole-buffer (ms)': ms(f.raw), 'ours / raw': ratio(f.ours, f.raw) };
        const old = before?.[name];
        if (before) Object.assign(row, { 'before (ms)': ms(old?.ours), 'before / raw': ratio(old?.ours, old?.raw), 'after / before': ratio(f.ours, old?.ours) });
        return [name, row];
      }),
    ),
  );
}

/** Writes the figures for a later run's "before" column. */
export async function saveFigures(path: string, figures: InteractionFigures): Promise<void> {
  await writeFile(path, `${JSON.stringify(figures, null, 2)}\n`);
}

/** Reads figures saved by {@link saveFigures}. */
export async function loadFigures(path: string): Promise<InteractionFigures> {
  return JSON.parse(await readFile(path, 'utf8')) as InteractionFigures;
}
