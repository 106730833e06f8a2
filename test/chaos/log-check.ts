/**
 * The log side of a chaos run: LogStreams of a few containers (timestamps on), and their comparison
 * with the emulator's own log of each container, read over its HTTPS API: every line exactly once,
 * in order, across every reconnect.
 */
import type { Simulator } from '../../server/sim/simulator.ts';
import type { KubeVisionClient } from '../../src/core/client.ts';
import type { LogStream } from '../../src/core/log-stream.ts';
import { fetchWithCa } from '../support/fetch-with-ca.ts';

/** A container whose log a run follows. */
export interface LogTarget {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
}

/** Lines lost and duplicated in one stream, and whether it has caught up with the emulator. */
export interface LogDiff {
  readonly target: string;
  readonly lost: number;
  readonly duplicated: number;
  /** Lines the emulator never wrote (a corrupted or foreign line). */
  readonly foreign: number;
  /**
   * True when the stream is streaming, holds a line written at or after the check's start (so a
   * black-holed socket cannot pass), and is within {@link CATCH_UP_SLACK} lines of the emulator's end.
   */
  readonly caughtUp: boolean;
}

/** How far ahead a line is looked for in the emulator's log before it counts as not there. */
const SEARCH_AHEAD = 5000;

/**
 * Compares received lines with the emulator's log they must be a contiguous run of. Each line is
 * looked for from the position after the previous match on: a correct stream matches at exactly that
 * position every time (identical lines, such as a stack trace's, included), what is skipped over is
 * lost, and a line that is only found behind that position was received twice.
 */
export function compareLog(received: readonly string[], emulator: readonly string[]): Omit<LogDiff, 'target' | 'caughtUp'> {
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

/** Lines a live stream may trail the emulator by (written in the instant between two reads). */
export const CATCH_UP_SLACK = 5;

/** One followed container. */
class FollowedLog {
  readonly lines: string[] = [];
  private readonly stream: LogStream;

  constructor(
    client: KubeVisionClient,
    readonly target: LogTarget,
  ) {
    this.stream = client.openLogs({ ...target, tail: 20, timestamps: true });
    this.stream.onBatch((batch) => {
      for (const entry of batch.entries) if (entry.kind === 'line') this.lines.push(entry.text);
    });
  }

  get state(): string {
    return this.stream.status.state;
  }

  dispose(): void {
    this.stream.dispose();
  }
}

function describe(t: LogTarget): string {
  return `${t.cluster}/${t.namespace}/${t.pod}/${t.container}`;
}

/** The emulator's own timestamped log of a container, from `sinceTime` (to the second) on. */
async function emulatorLog(sim: Simulator, t: LogTarget, sinceTime: string | undefined): Promise<string[]> {
  const since = sinceTime ? `&sinceTime=${encodeURIComponent(sinceTime)}` : '';
  const path = `/clusters/${t.cluster}/api/v1/namespaces/${t.namespace}/pods/${t.pod}/log?container=${t.container}&timestamps=true${since}`;
  const text = await fetchWithCa(`${sim.url}${path}`, sim.caPem, sim.token);
  return text.split('\n').filter((line) => line !== '');
}

/** Every followed log of a run. */
export class LogCheck {
  private readonly logs: FollowedLog[];

  constructor(
    client: KubeVisionClient,
    private readonly sim: Simulator,
    targets: readonly LogTarget[],
  ) {
    this.logs = targets.map((t) => new FollowedLog(client, t));
  }

  /** Total lines received so far. */
  get received(): number {
    return this.logs.reduce((n, l) => n + l.lines.length, 0);
  }

  /** Each stream against the emulator's log as it is now; `freshSince` (epoch ms) is the check's start. */
  async diff(freshSince = 0): Promise<LogDiff[]> {
    return Promise.all(
      this.logs.map(async (log) => {
        // Only from the first line received: a container's whole history is far longer than the run.
        const emulator = await emulatorLog(this.sim, log.target, log.lines[0]?.split(' ', 1)[0]);
        const newest = log.lines.at(-1);
        const reached = newest === undefined ? -1 : emulator.lastIndexOf(newest);
        const fresh = newest !== undefined && Date.parse(newest.split(' ', 1)[0] ?? '') >= freshSince;
        const caughtUp = log.state === 'streaming' && fresh && reached >= emulator.length - 1 - CATCH_UP_SLACK;
        return { target: describe(log.target), caughtUp, ...compareLog(log.lines, emulator) };
      }),
    );
  }

  dispose(): void {
    for (const log of this.logs) log.dispose();
  }
}
