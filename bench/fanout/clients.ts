/**
 * A client process of the fan-out bench: opens its share of the watch sockets, records when each
 * pod event arrives, and reports a latency histogram against the stamps the gateway's process took.
 * Run only by pool.ts (forked with tsx); it has no command line of its own.
 */
import { WebSocket } from 'ws';
import { BUCKETS_PER_MS, epochNow, type FromClients, type ToClients } from './ipc.ts';

const BATCH = 100;
const sockets: WebSocket[] = [];
let recording = false;
// Arrivals while measuring, kept flat: one resourceVersion and one time per delivered event.
const arrivedVersions: string[] = [];
const arrivedAt: number[] = [];

function send(message: FromClients): void {
  if (process.connected) process.send?.(message);
}

// The bench's process is gone (it finished or crashed): nothing is left to report to.
process.on('disconnect', () => process.exit(0));

function onMessage(data: WebSocket.RawData): void {
  if (!recording) return;
  const at = epochNow();
  const rv = /"resourceVersion":"(\d+)"/.exec(data.toString())?.[1];
  if (rv === undefined) return;
  arrivedVersions.push(rv);
  arrivedAt.push(at);
}

async function connect(url: string, count: number, subscribe: string | null): Promise<void> {
  for (let i = 0; i < count; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - i) }, () => new WebSocket(url));
    await Promise.all(batch.map((ws) => new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))));
    for (const ws of batch) {
      ws.on('message', onMessage);
      if (subscribe) ws.send(subscribe);
    }
    sockets.push(...batch);
  }
}

function report(stamps: Map<string, number>): void {
  const histogram = new Map<number, number>();
  let delivered = 0;
  for (let i = 0; i < arrivedVersions.length; i++) {
    const stamp = stamps.get(arrivedVersions[i] ?? '');
    if (stamp === undefined) continue;
    delivered++;
    const bucket = Math.max(0, Math.floor(((arrivedAt[i] ?? stamp) - stamp) * BUCKETS_PER_MS));
    histogram.set(bucket, (histogram.get(bucket) ?? 0) + 1);
  }
  arrivedVersions.length = 0;
  arrivedAt.length = 0;
  send({ type: 'report', delivered, histogram: [...histogram] });
}

process.on('message', (message: ToClients) => {
  if (message.type === 'connect') {
    connect(message.url, message.count, message.subscribe).then(
      () => send({ type: 'connected', count: sockets.length }),
      (error: unknown) => send({ type: 'failed', error: String(error) }),
    );
  } else if (message.type === 'measure') {
    recording = true;
  } else if (message.type === 'report') {
    recording = false;
    report(new Map(message.stamps));
  } else {
    for (const ws of sockets) ws.terminate();
    sockets.length = 0;
    send({ type: 'closed' });
  }
});
