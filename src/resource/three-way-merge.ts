/**
 * A three-way line merge of an edit that lost a race (node-diff3): what both sides changed apart is
 * merged, and what they changed in the same place is a conflict for the person to decide.
 */
import { diff3Merge } from 'node-diff3';

/** Lines both sides agree on, or lines only one side changed. */
export interface MergedLines {
  readonly kind: 'ok';
  readonly lines: readonly string[];
}

/** Lines both sides changed differently, with the base they started from. */
export interface ConflictLines {
  readonly kind: 'conflict';
  readonly yours: readonly string[];
  readonly theirs: readonly string[];
  readonly base: readonly string[];
}

/** One region of the merge, in order. */
export type MergeRegion = MergedLines | ConflictLines;

/** How a conflict was decided; undefined while it is open. */
export type ConflictChoice = 'yours' | 'theirs' | undefined;

const lines = (text: string) => text.replace(/\n$/, '').split('\n');

/** The regions of merging `yours` and `theirs`, both edits of `base`. */
export function mergeRegions(yours: string, base: string, theirs: string): MergeRegion[] {
  return diff3Merge(lines(yours), lines(base), lines(theirs), { excludeFalseConflicts: true }).map((region) =>
    region.conflict
      ? { kind: 'conflict', yours: region.conflict.a, theirs: region.conflict.b, base: region.conflict.o }
      : { kind: 'ok', lines: region.ok ?? [] },
  );
}

/** The markers an open conflict leaves in the merged text, as git writes them. */
export const CONFLICT_START = '<<<<<<< yours';
const CONFLICT_MIDDLE = '=======';
const CONFLICT_END = '>>>>>>> theirs';

/**
 * The merged text for these choices, one per conflict in order; an undecided conflict keeps both
 * sides between markers, so the text cannot be saved by accident.
 */
export function mergedText(regions: readonly MergeRegion[], choices: readonly ConflictChoice[]): string {
  let conflict = 0;
  const out = regions.flatMap((region) => {
    if (region.kind === 'ok') return region.lines;
    const choice = choices[conflict++];
    if (choice) return region[choice];
    return [CONFLICT_START, ...region.yours, CONFLICT_MIDDLE, ...region.theirs, CONFLICT_END];
  });
  return `${out.join('\n')}\n`;
}
