/**
 * The emulator's own log of a container, read over its HTTPS API, and the comparison of what a
 * stream received with it: every line exactly once, in order, across every reconnect.
 */
import type { Simulator } from '../../server/sim/simulator.ts';
import { fetchWithCa } from './fetch-with-ca.ts';

/** A container whose log is compared. */
export interface LogTarget {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
}

/** Lines lost and duplicated in what a stream received, and lines the emulator never wrote. */
export interface LogComparison {
  readonly lost: number;
  readonly duplicated: number;
  /** Lines the emulator never wrote (a corrupted or foreign line). */
  readonly foreign: number;
}

/** How far ahead a line is looked for in the emulator's log before it counts as not there. */
const SEARCH_AHEAD = 5000;

/**
 * Compares received lines with the emulator's log they must be a contiguous run of. Each line is
 * looked for from the position after the previous match on: a correct stream matches at exactly that
 * position every time (identical lines, such as a stack trace's, included), what is skipped over is
 * lost, and a line that is only found behind that position was received twice.
 */
export function compareLog(received: readonly string[], emulator: readonly string[]): LogComparison {
  let next = startOf(received, emulator);
  let lost = 0;
  let duplicated = 0;
  let foreign = 0;
  received.forEach((line, i) => {
    const limit = Math.min(emulator.length, next + SEARCH_AHEAD);
    let at = -1;
    for (let k = next; k < limit; k++) {
      if (emulator[k] === line) {
        at = k;
        break;
      }
    }
    if (at >= 0) {
      if (i > 0) lost += at - next;
      next = at + 1;
    } else if (next > 0 && emulator.lastIndexOf(line, next - 1) >= 0) duplicated++;
    else foreign++;
  });
  return { lost, duplicated, foreign };
}

/**
 * Where the received run starts in the emulator's log: among the copies of its first line (a stack
 * trace repeats lines, timestamps included), the one the following lines continue best.
 */
function startOf(received: readonly string[], emulator: readonly string[]): number {
  let best = 0;
  let bestRun = -1;
  for (let k = emulator.indexOf(received[0] ?? ''); k >= 0; k = emulator.indexOf(received[0] ?? '', k + 1)) {
    let run = 0;
    while (run < 50 && run < received.length && emulator[k + run] === received[run]) run++;
    if (run > bestRun) {
      best = k;
      bestRun = run;
    }
  }
  return best;
}

/** The emulator's own timestamped log of a container, from `sinceTime` (to the second) on. */
export async function emulatorLog(sim: Simulator, t: LogTarget, sinceTime: string | undefined): Promise<string[]> {
  const since = sinceTime ? `&sinceTime=${encodeURIComponent(sinceTime)}` : '';
  const path = `/clusters/${t.cluster}/api/v1/namespaces/${t.namespace}/pods/${t.pod}/log?container=${t.container}&timestamps=true${since}`;
  const text = await fetchWithCa(`${sim.url}${path}`, sim.caPem, sim.token);
  return text.split('\n').filter((line) => line !== '');
}

