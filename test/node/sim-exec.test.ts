/**
 * pods/exec of the Kubernetes API emulator (server/sim/exec) behind a plain node:http server, driven
 * by @kubernetes/client-node's Exec and by raw `ws` clients: the v5/v4 channel protocols, exit
 * statuses with Kubernetes' exact texts, a real pty with resizes, stdin half-close, the apiserver's
 * 400s, the runtime's failure for a missing executable, and no process left behind.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Exec, KubeConfig, type V1Pod, type V1Status } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { handleExecUpgrade, killAllExecProcesses, killPodProcesses } from '../../server/sim/exec/index.ts';
import { until } from '../support/ws-server.ts';

const TOKEN = 'test-token';
const V5 = 'v5.channel.k8s.io';
const V4 = 'v4.channel.k8s.io';

function pod(name: string, containers: string[], phase: string): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName: 'node-1',
      containers: containers.map((c) => ({ name: c, image: 'busybox', env: [{ name: 'GREETING', value: `hello from ${c}` }], workingDir: '/srv/app' })),
    },
    status: { phase },
  };
}

const pods = new Map<string, V1Pod>([
  ['my-pod', pod('my-pod', ['app'], 'Running')],
  ['duo', pod('duo', ['app', 'sidecar'], 'Running')],
  ['starting', pod('starting', ['app'], 'Pending')],
]);

let server: Server;
let baseUrl: string;
let scratchRoot: string;

beforeAll(async () => {
  scratchRoot = mkdtempSync(join(tmpdir(), 'sim-exec-'));
  // A secret in the emulator's own environment must not reach exec'd processes.
  process.env.SIM_EXEC_TEST_SECRET = 'leaked';
  server = createServer((req, res) => {
    const route = execRoute(req);
    if (route) handleExecUpgrade(req, req.socket, Buffer.alloc(0), route.pod, route.query, { scratchRoot, cluster: 'test' });
    else res.writeHead(404).end();
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const route = execRoute(req);
    if (!route) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    handleExecUpgrade(req, socket, head, route.pod, route.query, { scratchRoot, cluster: 'test', env: { EXTRA: 'extra-value' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  killAllExecProcesses();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  delete process.env.SIM_EXEC_TEST_SECRET;
  rmSync(scratchRoot, { recursive: true, force: true });
});

function execRoute(req: IncomingMessage): { pod: V1Pod; query: URLSearchParams } | null {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const match = /^\/api\/v1\/namespaces\/default\/pods\/([^/]+)\/exec$/.exec(url.pathname);
  const found = match?.[1] ? pods.get(match[1]) : undefined;
  return found ? { pod: found, query: url.searchParams } : null;
}

function query(params: Record<string, string | string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const v of [value].flat()) search.append(key, v);
  return search.toString();
}

// ---------- client-node ----------

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'sim', server: `http://${baseUrl}`, skipTLSVerify: true }],
    users: [{ name: 'tester', token: TOKEN }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'tester' }],
    currentContext: 'sim',
  });
  return kc;
}

/** A Writable that keeps what it receives; with a size it looks like a terminal to client-node. */
class Sink extends Writable {
  readonly chunks: Buffer[] = [];
  constructor(size?: { columns: number; rows: number }) {
    super();
    if (size) Object.assign(this, size);
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk);
    done();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

async function clientNodeExec(container: string, command: string[], tty: boolean, stdout: Sink, stderr: Sink | null): Promise<V1Status> {
  const exec = new Exec(kubeConfig());
  return new Promise<V1Status>((resolve, reject) => {
    exec.exec('default', 'my-pod', container, command, stdout, stderr, null, tty, resolve).catch(reject);
  });
}

// ---------- raw ws ----------

interface RawSession {
  readonly ws: WebSocket;
  readonly frames: Buffer[];
  readonly closed: Promise<number>;
  /** Concatenated payloads of one channel. */
  text(channel: number): string;
  /** The parsed status frame, once it came. */
  status(): Record<string, unknown> | undefined;
}

async function openRaw(params: Record<string, string | string[]>, protocols: string[] = [V5], podName = 'my-pod'): Promise<RawSession> {
  const ws = new WebSocket(`ws://${baseUrl}/api/v1/namespaces/default/pods/${podName}/exec?${query(params)}`, protocols, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  const frames: Buffer[] = [];
  ws.on('message', (data: Buffer) => frames.push(data));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const payloads = (channel: number): Buffer[] => frames.filter((f) => f[0] === channel).map((f) => f.subarray(1));
  return {
    ws,
    frames,
    closed,
    text: (channel) => Buffer.concat(payloads(channel)).toString('utf8'),
    status() {
      const frame = payloads(3).find((p) => p.length > 0);
      return frame ? (JSON.parse(frame.toString('utf8')) as Record<string, unknown>) : undefined;
    },
  };
}

function frame(channel: number, payload: string | number[]): Buffer {
  return Buffer.concat([Buffer.from([channel]), typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload)]);
}

/** An upgrade the server refuses: its HTTP status, content type and body. */
async function refused(params: Record<string, string | string[]>, protocols: string[] = [V5], podName = 'my-pod') {
  const ws = new WebSocket(`ws://${baseUrl}/api/v1/namespaces/default/pods/${podName}/exec?${query(params)}`, protocols, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  ws.on('error', () => undefined);
  return new Promise<{ statusCode: number; contentType: string; body: string }>((resolve, reject) => {
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ statusCode: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
  });
}

/** Whether the process still runs; a zombie waiting for a slow init to reap it counts as dead. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

const badRequest = (message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });

describe('pods/exec with @kubernetes/client-node', () => {
  it('runs a command on pipes: stdout, stderr and the NonZeroExitCode status with the exit code', async () => {
    const stdout = new Sink();
    const stderr = new Sink();
    const status = await clientNodeExec('app', ['sh', '-c', 'echo hi; echo oops >&2; exit 3'], false, stdout, stderr);
    expect(stdout.text()).toBe('hi\n');
    expect(stderr.text()).toBe('oops\n');
    expect(status).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'command terminated with non-zero exit code: command terminated with exit code 3',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('runs under a pty sized by the first resize: stty size prints rows and cols', async () => {
    const stdout = new Sink({ columns: 220, rows: 50 });
    const status = await clientNodeExec('app', ['sh', '-c', 'stty size; echo "$TERM"; echo err >&2'], true, stdout, new Sink());
    // Under a tty stderr is the terminal too, and a pty turns \n into \r\n.
    expect(stdout.text()).toBe('50 220\r\nxterm-256color\r\nerr\r\n');
    expect(status).toEqual({ metadata: {}, status: 'Success' });
  });

  it('reports a missing executable as the runtime does: InternalError on the status channel', async () => {
    const status = await clientNodeExec('app', ['nosuch-command'], false, new Sink(), new Sink());
    expect(status.status).toBe('Failure');
    expect(status.reason).toBe('InternalError');
    expect(status.code).toBe(500);
    expect(status.message).toMatch(
      /^Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch-command": executable file not found in \$PATH: unknown$/,
    );
    expect(status.details?.causes?.[0]?.message).toBe(status.message?.replace(/^Internal error occurred: /, ''));
  });
});

describe('pods/exec over a raw WebSocket', () => {
  it('v5: stdin to cat, the [255, 0] close ends its input, Success, close 1000, never a channel-255 frame', async () => {
    const s = await openRaw({ command: 'cat', container: 'app', stdin: 'true', stdout: 'true', stderr: 'true' });
    expect(s.ws.protocol).toBe(V5);
    s.ws.send(frame(0, 'hello\n'));
    s.ws.send(frame(255, [0]));
    expect(await s.closed).toBe(1000);
    expect(s.text(1)).toBe('hello\n');
    expect(s.status()).toEqual({ metadata: {}, status: 'Success' });
    expect(s.frames.filter((f) => f[0] === 255)).toEqual([]);
    // The kubelet announces the connection with an empty frame on the first output channel.
    expect(s.frames[0]).toEqual(Buffer.from([1]));
  });

  it('prefers v5 wherever the client lists it, and speaks v4 with the kubelet texts when only v4 is offered', async () => {
    const both = await openRaw({ command: 'true', stdout: '1' }, [V4, V5]);
    expect(both.ws.protocol).toBe(V5);
    await both.closed;

    const s = await openRaw({ command: ['sh', '-c', 'exit 3'], stdout: '1' }, [V4]);
    expect(s.ws.protocol).toBe(V4);
    expect(await s.closed).toBe(1000);
    const raw = s.frames.find((f) => f[0] === 3)?.subarray(1).toString('utf8');
    expect(raw).toBe(
      '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",' +
        '"reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
    );
  });

  it('applies every resize to the pty, keys in any letter case', async () => {
    const s = await openRaw({ command: ['sh', '-c', 'stty size; read line; stty size'], stdin: '1', stdout: '1', tty: '1' });
    s.ws.send(frame(4, '{"Width":220,"Height":50}'));
    await until(() => s.text(1).includes('50 220'), 'the first size');
    s.ws.send(frame(4, '{"WIDTH":100,"height":30}'));
    // Give the resize a moment to land before the shell asks again.
    await new Promise((r) => setTimeout(r, 50));
    s.ws.send(frame(0, '\n'));
    expect(await s.closed).toBe(1000);
    expect(s.text(1)).toMatch(/50 220\r\n[\s\S]*30 100\r\n$/);
    expect(s.status()).toEqual({ metadata: {}, status: 'Success' });
  });

  it('keeps stdin that arrives before the first resize for the program', async () => {
    const s = await openRaw({ command: ['sh', '-c', 'read x; echo "got:$x"; stty size'], stdin: '1', stdout: '1', tty: '1' });
    s.ws.send(frame(0, 'early\n'));
    s.ws.send(frame(4, '{"Width":90,"Height":20}'));
    expect(await s.closed).toBe(1000);
    expect(s.text(1)).toMatch(/got:early\r\n20 90\r\n$/);
  });

  it('sends nothing on channels the client did not ask for', async () => {
    const s = await openRaw({ command: ['sh', '-c', 'echo out; echo err >&2'], stdout: '1' });
    await s.closed;
    expect(s.text(1)).toBe('out\n');
    expect(s.frames.filter((f) => f[0] !== 1 && f[0] !== 3)).toEqual([]);
  });

  it('starts in the container scratch directory with the pod env and no host secrets', async () => {
    const s = await openRaw({
      command: ['sh', '-c', 'pwd; echo "$HOME|$HOSTNAME|$GREETING|$EXTRA|${SIM_EXEC_TEST_SECRET:-none}"'],
      stdout: '1',
    });
    await s.closed;
    const home = join(scratchRoot, 'test', 'default', 'my-pod', 'app');
    expect(s.text(1)).toBe(`${join(home, 'srv', 'app')}\n${home}|my-pod|hello from app|extra-value|none\n`);
  });

  it('killPodProcesses kills the processes of a deleted pod: exit code 137, then close 1000', async () => {
    const s = await openRaw({ command: ['sh', '-c', 'echo started; exec sleep 300'], stdout: '1' });
    await until(() => s.text(1) === 'started\n', 'the process');
    killPodProcesses('test', 'default', 'my-pod');
    expect(await s.closed).toBe(1000);
    expect(s.status()).toMatchObject({ reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '137' }] } });
  });

  it.each<{ mode: string; params: Record<string, string | string[]>; input: string | null }>([
    // Ignoring SIGHUP: only the SIGKILL after the grace period gets these.
    { mode: 'pipes, SIGHUP ignored', params: { command: ['sh', '-c', 'trap "" HUP; sleep 300 & echo "pids $! $$"; wait'], stdout: '1' }, input: null },
    // nohup'd job in its own process group: a process-group kill would miss it, the session sweep does not.
    {
      mode: 'a pty with job control',
      params: { command: ['bash', '--norc', '-i'], stdin: '1', stdout: '1', tty: '1' },
      input: 'nohup sleep 300 >/dev/null 2>&1 & echo "pids $! $$"\n',
    },
  ])('closing the client kills everything the exec started ($mode)', async ({ params, input }) => {
    const s = await openRaw(params);
    if (input) s.ws.send(frame(0, input));
    await until(() => /pids \d+ \d+/.test(s.text(1)), 'the pids');
    const pids = (/pids (\d+) (\d+)/.exec(s.text(1)) ?? []).slice(1).map(Number);
    // Once the job runs sleep itself, nohup has already made it ignore SIGHUP.
    await until(() => commandName(pids[0] ?? 0) === 'sleep', 'the job to exec sleep');
    expect(pids.every(alive)).toBe(true);
    s.ws.terminate();
    await until(() => !pids.some(alive), 'every process to die', 5000);
  });
});

describe('pods/exec refusals', () => {
  it('an unknown container is a 400 before any upgrade', async () => {
    const r = await refused({ command: 'true', container: 'nope', stdout: '1' });
    expect(r.statusCode).toBe(400);
    expect(r.contentType).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual(badRequest('container nope is not valid for pod my-pod'));
  });

  it('a multi-container pod needs a container name: 400 with the choices', async () => {
    const r = await refused({ command: 'true', stdout: '1' }, [V5], 'duo');
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body)).toEqual(badRequest('a container name must be specified for pod duo, choose one of: [app sidecar]'));
  });

  it('without a command, or without a protocol it serves, the request is a 400', async () => {
    expect(JSON.parse((await refused({ stdout: '1' })).body)).toEqual(badRequest('you must specify at least one command for the container'));
    const r = await refused({ command: 'true', stdout: '1' }, ['channel.k8s.io']);
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body)).toEqual(
      badRequest('requested protocol(s) are not supported: [channel.k8s.io]; supports [v5.channel.k8s.io v4.channel.k8s.io]'),
    );
  });

  it('a request that is not an upgrade is a 400 "Upgrade request required"', async () => {
    const res = await fetch(`http://${baseUrl}/api/v1/namespaces/default/pods/my-pod/exec?command=true&stdout=1`);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(badRequest('Upgrade request required'));
  });

  it('a pod whose container is not running: v5 gets the translated kubelet error after the upgrade, v4 the kubelet 500', async () => {
    const s = await openRaw({ command: 'true', stdout: '1' }, [V5], 'starting');
    expect(await s.closed).toBe(1000);
    expect(s.status()).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'Internal error occurred: unable to upgrade connection: container not found ("app")',
      reason: 'InternalError',
      details: { causes: [{ message: 'unable to upgrade connection: container not found ("app")' }] },
      code: 500,
    });

    const r = await refused({ command: 'true', stdout: '1' }, [V4], 'starting');
    expect(r.statusCode).toBe(500);
    expect(r.body).toBe('container not found ("app")');
  });
});
