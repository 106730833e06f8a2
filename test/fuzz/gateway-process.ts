/**
 * The gateway under fuzz, as a child process: a real gateway on the real emulator (with churn in
 * namespace shop), tripwires for uncaught errors, and its internal counts on request over IPC.
 * Run by {@link spawnGateway} in gateway-child.ts; never imported.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startChurn } from '../../server/sim/churn.ts';
import { startHarness, USERS } from '../support/gateway-harness.ts';
import { CountingInformerCache } from './counting-cache.ts';
import type { ChildMessage, GatewayStats, ParentMessage } from './gateway-child.ts';
import { call } from './http-probe.ts';

/** Error-level log lines kept between two stats requests (the count goes on past it). */
const KEPT_ERROR_LOGS = 20;
const PINO_ERROR_LEVEL = 50;

function send(message: ChildMessage): void {
  process.send?.(message);
}

// Tripwires: an uncaught error is a crash of the gateway, reported before the process ends.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    send({ type: 'fatal', event, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(70);
  });
}

let errorLogs: string[] = [];
let errorLogCount = 0;
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      if ((entry.level ?? 0) < PINO_ERROR_LEVEL) continue;
      errorLogCount++;
      if (errorLogs.length < KEPT_ERROR_LOGS) errorLogs.push(`${entry.msg ?? ''}: ${entry.err?.message ?? ''}`);
    }
    done();
  },
});

// The cache logs a failing listener ("watch cache: a listener failed"): watched like the gateway's log.
const cache = new CountingInformerCache({ log: pino({ level: 'warn' }, logStream) });
const harness = await startHarness(() => undefined, { logStream, watchCache: cache });
const churn = startChurn(harness.sim.cluster('prod-us'), { eventsPerSecond: 10, seed: 11, namespaces: ['shop'] });
/** A login over a connection that closes with the answer (fetch would keep it open as a stray one). */
async function login(user: keyof typeof USERS): Promise<string> {
  const answer = await call(harness.url, { method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: USERS[user].password }), timeoutMs: 10_000 });
  if (answer.kind !== 'answer' || answer.status !== 200) throw new Error(`cannot log in ${user}`);
  return (JSON.parse(answer.body) as { accessToken: string }).accessToken;
}
const [alice, victor, nina] = await Promise.all([login('alice'), login('victor'), login('nina')]);

async function stats(): Promise<GatewayStats> {
  const clients = [...harness.gateway.app.websocketServer.clients];
  const httpConnections = await new Promise<number>((resolve) => harness.gateway.app.server.getConnections((_e, n) => resolve(n)));
  const kept = errorLogs;
  errorLogs = [];
  return {
    wsClients: clients.length,
    serverSocketListeners: clients.reduce((n, ws) => n + ws.listenerCount('message') + ws.listenerCount('close'), 0),
    httpConnections,
    informerListeners: cache.listenerCount(),
    errorLogCount,
    errorLogs: kept,
    heapUsed: process.memoryUsage().heapUsed,
  };
}

// The fuzzer is gone (killed, crashed): no gateway may outlive it.
process.on('disconnect', () => process.exit(0));
process.on('message', (message: ParentMessage) => {
  if (message.type === 'stats') {
    void stats().then((s) => send({ type: 'stats', id: message.id, stats: s }));
    return;
  }
  churn.stop();
  void harness.stop().then(() => process.exit(0));
});

send({ type: 'ready', url: harness.url, adminToken: harness.adminToken, tokens: { alice, victor, nina } });
