/**
 * The parent side of the gateway under fuzz: forks gateway-process.ts, learns its URL and test
 * tokens, asks it for its internal counts, and notices when it dies (a crash, whatever the cause).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The gateway's counts that must return to their baseline once the fuzzer's sockets are closed. */
export interface GatewayStats {
  /** Sockets in the WebSocket server (admitted or still authenticating). */
  wsClients: number;
  /** 'message' and 'close' listeners on those sockets. */
  serverSocketListeners: number;
  /** Open TCP connections of the HTTP server, upgraded ones included. */
  httpConnections: number;
  /** Listeners the watch informers hold. */
  informerListeners: number;
  /** Error-level log lines so far (internal errors the gateway noticed itself). */
  errorLogCount: number;
  /** The first of them since the last stats request. */
  errorLogs: string[];
  heapUsed: number;
}

/** Test users with tokens: operator, viewer, and a viewer limited to namespace shop. */
export interface FuzzTokens {
  alice: string;
  victor: string;
  nina: string;
}

/** Child → parent. */
export type ChildMessage =
  | { type: 'ready'; url: string; adminToken: string; tokens: FuzzTokens }
  | { type: 'stats'; id: number; stats: GatewayStats }
  | { type: 'fatal'; event: string; message: string };

/** Parent → child. */
export type ParentMessage = { type: 'stats'; id: number } | { type: 'stop' };

/** A running gateway child. */
export interface GatewayUnderTest {
  readonly url: string;
  readonly wsUrl: string;
  readonly adminToken: string;
  readonly tokens: FuzzTokens;
  /** Why the process is gone (uncaught error or exit), or null while it runs. */
  death(): string | null;
  stats(): Promise<GatewayStats>;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;
const STATS_TIMEOUT_MS = 5000;

/** Starts the gateway process and resolves once it listens. */
export function spawnGateway(): Promise<GatewayUnderTest> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./gateway-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let death: string | null = null;
  // A send to a child that just died fails asynchronously; its exit is what reports that.
  child.on('error', () => undefined);
  let nextId = 0;
  const pending = new Map<number, (stats: GatewayStats) => void>();
  return new Promise((resolve, reject) => {
    const startup = setTimeout(() => reject(new Error('the gateway process did not start in time')), STARTUP_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      death ??= `exited with ${signal ?? `code ${code ?? '?'}`}`;
      clearTimeout(startup);
      reject(new Error(`the gateway process ${death}`));
    });
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'fatal') death = `${message.event}: ${message.message}`;
      else if (message.type === 'stats') pending.get(message.id)?.(message.stats);
      else {
        clearTimeout(startup);
        resolve({
          url: message.url,
          wsUrl: message.url.replace(/^http/, 'ws'),
          adminToken: message.adminToken,
          tokens: message.tokens,
          death: () => death,
          stats: () =>
            new Promise((done, fail) => {
              const id = ++nextId;
              const timer = setTimeout(() => fail(new Error('the gateway process did not answer a stats request')), STATS_TIMEOUT_MS);
              pending.set(id, (stats) => {
                clearTimeout(timer);
                pending.delete(id);
                done(stats);
              });
              child.send({ type: 'stats', id } satisfies ParentMessage);
            }),
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null || !child.connected) return done();
              const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
              child.once('exit', () => {
                clearTimeout(kill);
                done();
              });
              child.send({ type: 'stop' } satisfies ParentMessage);
            }),
        });
      }
    });
  });
}
