/**
 * The cells of the security matrix and their printed grids: every cell names its coordinates, the
 * outcome the design asks for and the one the gateway gave, so a failing run shows exactly where.
 */

/** One cell of the matrix. */
export interface Cell {
  /** Where the cell sits: dimension name to value (credential, state, endpoint, ...). */
  readonly coords: Readonly<Record<string, string>>;
  /** The outcome the design asks for; alternatives separated by "|" all pass. */
  readonly expected: string;
  /** The outcome observed. */
  readonly actual: string;
}

/** True when the observed outcome is one the design allows. */
export function passes(cell: Cell): boolean {
  return cell.expected.split('|').includes(cell.actual);
}

/** A one-line description of a cell, for the assertion message of a failing one. */
export function describeCell(cell: Cell): string {
  const where = Object.entries(cell.coords)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `${where}: expected ${cell.expected}, got ${cell.actual}`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - [...text].length));
}

/**
 * The cells as a text grid: one row per combination of the `rows` dimensions, one column per value
 * of `column`; each cell reads `expected → actual ✓|✗`, and "·" marks a combination not in the matrix.
 */
export function renderGrid(title: string, cells: readonly Cell[], rows: readonly string[], column: string): string {
  const columns = [...new Set(cells.map((c) => c.coords[column] ?? ''))];
  const rowKey = (c: Cell): string => rows.map((r) => c.coords[r] ?? '').join(' / ');
  const rowKeys = [...new Set(cells.map(rowKey))];
  const text = (c: Cell | undefined): string => (c ? `${c.expected} → ${c.actual} ${passes(c) ? '✓' : '✗'}` : '·');
  const table = rowKeys.map((key) => [key, ...columns.map((col) => text(cells.find((c) => rowKey(c) === key && c.coords[column] === col)))]);
  const header = [rows.join(' / '), ...columns];
  const widths = header.map((h, i) => Math.max([...h].length, ...table.map((line) => [...(line[i] ?? '')].length)));
  const line = (cols: readonly string[]): string => cols.map((c, i) => pad(c, widths[i] ?? 0)).join(' | ');
  const failed = cells.filter((c) => !passes(c)).length;
  return [
    `== ${title}: ${cells.length} cells, ${cells.length - failed} as expected, ${failed} mismatched`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...table.map(line),
  ].join('\n');
}

/** Runs `tasks` with at most `limit` at a time (the gateway, the emulator and the test share 2 cores). */
export async function inParallel<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      const task = tasks[i];
      if (task) results[i] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
