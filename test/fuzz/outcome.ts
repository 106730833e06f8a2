/**
 * How one fuzz case ended, judged against the wire contract (DESIGN §3 close codes, §8 error shape),
 * and the tally of all cases per target that both the vitest test and the CLI print.
 */

/** The four classes of the brief: fine, the process died, no answer in time, an undocumented answer. */
export type OutcomeKind = 'ok' | 'crash' | 'hang' | 'unclear';

/** The verdict on one case; `detail` says what was seen when it is not ok. */
export interface Outcome {
  readonly kind: OutcomeKind;
  readonly detail: string;
}

/** Every endpoint family the fuzzer aims at. */
export const TARGETS = ['watch', 'terminal', 'logs', 'rest', 'auth', 'audit'] as const;

/** One of {@link TARGETS}. */
export type Target = (typeof TARGETS)[number];

/** The case behaved as documented. */
export const OK: Outcome = { kind: 'ok', detail: '' };

/** An outcome of `kind` with what was seen. */
export function outcome(kind: OutcomeKind, detail: string): Outcome {
  return { kind, detail };
}

/** The first outcome that is not ok, else ok: a case passes only if every check of it passes. */
export function worst(...outcomes: readonly Outcome[]): Outcome {
  return outcomes.find((o) => o.kind !== 'ok') ?? OK;
}

/** A failed case (or checkpoint) as the report lists it. */
export interface Failure {
  readonly target: Target | 'checkpoint';
  readonly outcome: Outcome;
  /** The case, as JSON cut to a readable length. */
  readonly input: string;
}

/** How many failures are kept for the report; the counts cover all of them. */
const KEPT_FAILURES = 25;
const INPUT_CHARS = 400;

/** Counts outcomes per target and keeps the first failures with their inputs. */
export class Tally {
  private readonly counts = new Map<Target, Record<OutcomeKind, number>>();
  /** Outcomes of the checkpoints (healthy watch client, counts back at baseline), by kind. */
  private readonly checks: Record<OutcomeKind, number> = { ok: 0, crash: 0, hang: 0, unclear: 0 };
  readonly failures: Failure[] = [];

  /** Records one case. */
  record(target: Target, result: Outcome, input: unknown): void {
    const row = this.counts.get(target) ?? { ok: 0, crash: 0, hang: 0, unclear: 0 };
    row[result.kind]++;
    this.counts.set(target, row);
    if (result.kind !== 'ok' && this.failures.length < KEPT_FAILURES) {
      this.failures.push({ target, outcome: result, input: describe(input) });
    }
  }

  /** Records one checkpoint, made after `afterCase` cases. */
  check(result: Outcome, afterCase: number): void {
    this.checks[result.kind]++;
    if (result.kind !== 'ok' && this.failures.length < KEPT_FAILURES) this.failures.push({ target: 'checkpoint', outcome: result, input: `after case ${afterCase}` });
  }

  /** The number of cases of `kind` (all targets) plus failed checkpoints of that kind; without `kind`, the cases. */
  total(kind?: OutcomeKind): number {
    let n = kind && kind !== 'ok' ? this.checks[kind] : 0;
    for (const row of this.counts.values()) n += kind ? row[kind] : row.ok + row.crash + row.hang + row.unclear;
    return n;
  }

  /** True when no case crashed, hung or answered unclearly. */
  get clean(): boolean {
    return this.total('crash') + this.total('hang') + this.total('unclear') === 0;
  }

  /** The one-line summary the brief asks for. */
  summary(): string {
    return `cases ${this.total()}, crashes ${this.total('crash')}, hangs ${this.total('hang')}, unclear errors ${this.total('unclear')}`;
  }

  /** One line per target: its cases and how they ended; then the checkpoints. */
  perTarget(): string[] {
    const line = (name: string, row: Record<OutcomeKind, number>, unit: string): string =>
      `  ${name.padEnd(10)} ${unit} ${row.ok + row.crash + row.hang + row.unclear}, ok ${row.ok}, crashes ${row.crash}, hangs ${row.hang}, unclear ${row.unclear}`;
    const rows = TARGETS.flatMap((t) => {
      const row = this.counts.get(t);
      return row ? [line(t, row, 'cases')] : [];
    });
    return [...rows, line('checkpoint', this.checks, 'checks')];
  }
}

function describe(input: unknown): string {
  const text = JSON.stringify(input, (_key, value: unknown) => (typeof value === 'string' && value.length > 80 ? `${value.slice(0, 60)}...(${value.length} chars)` : value));
  return text.length > INPUT_CHARS ? `${text.slice(0, INPUT_CHARS)}...` : text;
}
