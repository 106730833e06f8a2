/**
 * The client processes of the fan-out bench, seen from the gateway's process: the WebSocket clients
 * live there so that the gateway process's RSS is the gateway's (and the emulator's) alone.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { FromClients, ToClients } from './ipc.ts';

const CLIENT_SCRIPT = new URL('./clients.ts', import.meta.url);

/** What all client processes saw in one measurement. */
export interface Delivery {
  delivered: number;
  /** Latency histogram (bucket of 1 / BUCKETS_PER_MS ms -> deliveries), summed over processes. */
  histogram: Map<number, number>;
}

/** A set of client processes holding `clients` sockets between them. */
export class ClientPool {
  private constructor(private readonly children: ChildProcess[]) {}

  /** Forks `processes` client processes (tsx runs their TypeScript). */
  static start(processes: number): ClientPool {
    const children = Array.from({ length: processes }, () => fork(CLIENT_SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    return new ClientPool(children);
  }

  /** Opens `clients` sockets to `url`, split evenly over the processes, each sending `subscribe` once open. */
  async connect(url: string, clients: number, subscribe: string | null): Promise<void> {
    const share = Math.ceil(clients / this.children.length);
    const replies = this.children.map((child, i) => {
      const count = Math.max(0, Math.min(share, clients - i * share));
      return this.ask(child, { type: 'connect', url, count, subscribe });
    });
    for (const reply of await Promise.all(replies)) if (reply.type === 'failed') throw new Error(`a client process could not connect: ${reply.error}`);
  }

  /** Every process starts recording arrivals. */
  measure(): void {
    for (const child of this.children) this.post(child, { type: 'measure' });
  }

  /** Every process stops recording and reports its deliveries of the stamped events. */
  async report(stamps: Map<string, number>): Promise<Delivery> {
    const list = [...stamps];
    const replies = await Promise.all(this.children.map((child) => this.ask(child, { type: 'report', stamps: list })));
    const total: Delivery = { delivered: 0, histogram: new Map() };
    for (const reply of replies) {
      if (reply.type !== 'report') continue;
      total.delivered += reply.delivered;
      for (const [bucket, count] of reply.histogram) total.histogram.set(bucket, (total.histogram.get(bucket) ?? 0) + count);
    }
    return total;
  }

  /** Cuts every socket (no close handshake, so a run ends at once). */
  async closeSockets(): Promise<void> {
    await Promise.all(this.children.map((child) => this.ask(child, { type: 'close' })));
  }

  /** Ends the processes. */
  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        const exited = once(child, 'exit');
        child.kill();
        await exited;
      }),
    );
  }

  private post(child: ChildProcess, message: ToClients): void {
    child.send(message);
  }

  private async ask(child: ChildProcess, message: ToClients): Promise<FromClients> {
    const reply = new Promise<FromClients>((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`a client process exited (${code}) before answering ${message.type}`));
      child.once('exit', onExit);
      child.once('message', (m: FromClients) => {
        child.off('exit', onExit);
        resolve(m);
      });
    });
    this.post(child, message);
    return reply;
  }
}
