/** `<LineDiff>`: two texts line by line, added lines marked `+` and removed ones `-` (jsdiff). */
import { diffLines } from 'diff';
import { useMemo, type ReactNode } from 'react';

/** Props of {@link LineDiff}. */
export interface LineDiffProps {
  before: string;
  after: string;
  /** The accessible name of the diff, e.g. "Changes since you opened it". */
  label: string;
}

/** One line of the diff and how it changed. */
interface DiffLine {
  text: string;
  change: 'added' | 'removed' | 'same';
}

function diffRows(before: string, after: string): DiffLine[] {
  return diffLines(before, after).flatMap((part) => {
    const change = part.added ? 'added' : part.removed ? 'removed' : 'same';
    return part.value.replace(/\n$/, '').split('\n').map((text) => ({ text, change }));
  });
}

const SIGN = { added: '+', removed: '-', same: ' ' } as const;

/** Renders the line diff of `before` and `after`. */
export function LineDiff({ before, after, label }: LineDiffProps): ReactNode {
  const rows = useMemo(() => diffRows(before, after), [before, after]);
  return (
    <pre className="kv-diff" aria-label={label}>
      {rows.map((row, i) => (
        <div key={i} className={`kv-diff__line kv-diff__line--${row.change}`} data-change={row.change}>
          {SIGN[row.change]} {row.text}
        </div>
      ))}
    </pre>
  );
}
