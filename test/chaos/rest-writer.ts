/**
 * A REST client that keeps writing pods through the gateway while faults happen: creates, label
 * patches (moving pods in and out of a label selection) and deletes, on a few reused names, so that a
 * name is often deleted and created again with a new uid. Failed writes (the gateway or the emulator
 * is down) are counted, not fatal.
 */
import type { Random } from '../../server/sim/world/random.ts';

/** Settings of a {@link RestWriter}. */
export interface RestWriterOptions {
  /** The gateway's base URL. */
  gatewayUrl: () => string;
  token: string;
  cluster: string;
  namespace: string;
  /** The label the writer toggles between `in` and `out`. */
  label: string;
  random: Random;
  /** Pause between two writes. */
  intervalMs: number;
}

const NAMES = 4;

/** Writes pods until stopped; pausable so that a run can compare at a quiet moment. */
export class RestWriter {
  /** Writes answered with success. */
  written = 0;
  /** Writes the cluster refused as it should (4xx: the name is taken, or gone). */
  refused = 0;
  /** Writes that failed (connection refused or cut, 5xx while the gateway or the emulator restarts). */
  failed = 0;
  private running = false;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: RestWriterOptions) {}

  /** Starts (or resumes) writing. */
  resume(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops writing and resolves once the write in flight has been answered. */
  async pause(): Promise<void> {
    this.running = false;
    await this.loop;
    this.loop = null;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const status = await this.writeOnce();
        if (status < 300) this.written++;
        else if (status < 500) this.refused++;
        else this.failed++;
      } catch {
        this.failed++;
      }
      await new Promise((r) => setTimeout(r, this.options.intervalMs));
    }
  }

  /** One write; resolves with the HTTP status. */
  private writeOnce(): Promise<number> {
    const { random, label } = this.options;
    const name = `chaos-writer-${random.int(0, NAMES - 1)}`;
    const roll = random.next();
    if (roll < 0.4) {
      return this.send('POST', '', {
        metadata: { name, labels: { app: 'chaos-writer', [label]: random.next() < 0.5 ? 'in' : 'out' } },
        spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] },
      });
    }
    if (roll < 0.75) return this.send('PATCH', name, { metadata: { labels: { [label]: random.next() < 0.5 ? 'in' : 'out' } } });
    return this.send('DELETE', name);
  }

  private async send(method: string, name: string, body?: unknown): Promise<number> {
    const { gatewayUrl, token, cluster, namespace } = this.options;
    const path = `/api/v1/clusters/${cluster}/pods${name ? `/${name}` : ''}?namespace=${namespace}`;
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    const res = await fetch(`${gatewayUrl()}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return res.status;
  }
}
