/**
 * The flood measured without a browser, rung by rung towards the page: the same command under a bare
 * node-pty in this process (the PTY's own limit), through the emulator's exec endpoint with
 * client-node (what the gateway calls), and through the gateway with the kit's core client in Node.
 * Each resolves with the ms from "go" to the last byte received.
 */
import { PassThrough, Writable } from 'node:stream';
import { Exec, KubeConfig } from '@kubernetes/client-node';
import { spawn } from 'node-pty';
import { WebSocket } from 'ws';
import { createKubeVisionClient } from '../../src/core/client.ts';
import type { WebSocketConstructor } from '../../src/core/index.ts';

/** The pod every rung execs into. */
export interface PodRef {
  readonly cluster: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
}

/** The terminal size every rung asks for (the page's fitted size is close to it). */
const COLS = 150;
const ROWS = 40;

/** Counts bytes and resolves with the ms since `start()` once `bytes` have arrived. */
function byteClock(bytes: number): { start(): void; add(n: number): void; done: Promise<number> } {
  let started = 0;
  let received = 0;
  let finish: (ms: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (finish = resolve));
  return {
    start: () => (started = performance.now()),
    add(n) {
      received += n;
      if (received >= bytes && started > 0) finish(performance.now() - started);
    },
    done,
  };
}

/** The command under node-pty in this process: what a PTY on this machine gives at best. */
export async function ptyAlone(command: readonly string[], bytes: number): Promise<number> {
  const clock = byteClock(bytes);
  const [file = 'sh', ...args] = command;
  // Raw bytes (encoding null); node-pty's typings promise strings regardless.
  const pty = spawn(file, args, { cols: COLS, rows: ROWS, encoding: null as unknown as string });
  pty.onData((data: string | Buffer) => clock.add(data.length));
  clock.start();
  pty.write('\r');
  const ms = await clock.done;
  pty.kill();
  return ms;
}

/** The command through the emulator's exec endpoint, read with client-node as the gateway reads it. */
export async function emulatorExec(kubeconfig: string, target: PodRef, command: readonly string[], bytes: number): Promise<number> {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  kc.setCurrentContext(target.cluster);
  const clock = byteClock(bytes);
  const counter = (): Writable =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        clock.add(chunk.length);
        done();
      },
    });
  // A size on stdout makes client-node send it at once, so the emulator need not wait for one.
  const stdout = Object.assign(counter(), { columns: COLS, rows: ROWS });
  const stdin = new PassThrough();
  const socket = await new Exec(kc).exec(target.namespace, target.pod, target.container, [...command], stdout, counter(), stdin, true);
  clock.start();
  stdin.write('\r');
  const ms = await clock.done;
  socket.close();
  return ms;
}

/** The command through the gateway's terminal endpoint, read by the kit's core client in Node without flow control. */
export async function throughGateway(baseUrl: string, token: string, target: PodRef, command: readonly string[], bytes: number, settleMs: number): Promise<number> {
  // Node 20 has no global WebSocket; ws has the same shape where the core needs it.
  const client = createKubeVisionClient({ baseUrl, getToken: () => token, WebSocket: WebSocket as unknown as WebSocketConstructor, page: null });
  const clock = byteClock(bytes);
  const terminal = client.openTerminal({ ...target, command: [...command], cols: COLS, rows: ROWS, flowControl: false });
  terminal.on('output', (data) => clock.add(data.byteLength));
  await new Promise<void>((resolve) => {
    const off = terminal.on('status', (status) => {
      if (status.state !== 'open') return;
      off();
      resolve();
    });
  });
  // The exec behind the socket is still starting; "go" waits for it, as the page's does.
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  clock.start();
  terminal.write('\r');
  const ms = await clock.done;
  client.dispose();
  return ms;
}
