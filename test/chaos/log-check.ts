/**
 * The log side of a chaos run: LogStreams of a few containers (timestamps on), and their comparison
 * with the emulator's own log of each container, read over its HTTPS API: every line exactly once,
 * in order, across every reconnect.
 */
import type { Simulator } from '../../server/sim/simulator.ts';
import type { KubeVisionClient } from '../../src/core/client.ts';
import type { LogStream } from '../../src/core/log-stream.ts';
import { compareLog, emulatorLog, type LogComparison, type LogTarget } from '../support/emulator-log.ts';

export type { LogTarget };

/** Lines lost and duplicated in one stream, and whether it has caught up with the emulator. */
export interface LogDiff extends LogComparison {
  readonly target: string;
  /**
   * True when the stream is streaming, holds a line written at or after the check's start (so a
   * black-holed socket cannot pass), and is within {@link CATCH_UP_SLACK} lines of the emulator's end.
   */
  readonly caughtUp: boolean;
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
