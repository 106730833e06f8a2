/**
 * The terminal endpoint (DESIGN §6) and the audit API (§8) on a small fastify app in front of the
 * emulator, with real `ws` clients: echo, resize, exit codes, bash-then-sh, RBAC and name checks,
 * pause/resume, idle timeout, shutdown, the process dying with its client, and recordings that
 * asciinema accepts (also when cut mid-session) with their metadata through the audit API.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import websocket from '@fastify/websocket';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { isRole, type Identity } from '../../server/auth/roles.ts';
import { defaultConfig, type GatewayConfig } from '../../server/config.ts';
import { registerAuditRoutes } from '../../server/http/audit-routes.ts';
import { ClusterRegistry } from '../../server/kube/clusters.ts';
import { SessionRecorder, type TerminalSessionRecord } from '../../server/recording/index.ts';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import { GatewayMetrics } from '../../server/metrics/gateway-metrics.ts';
import type { GatewayContext } from '../../server/ws/context.ts';
import { closeSocket } from '../../server/ws/socket-util.ts';
import { registerTerminalEndpoint } from '../../server/ws/terminal/index.ts';
import { until } from '../support/ws-server.ts';
import { ResourceCatalog } from '../../server/kube/catalog.js';
import { ClusterAccess } from '../../server/kube/cluster-access.js';
import { MemoryClusterTokens } from '../../server/store/cluster-tokens.js';

// ---------------------------------------------------------------------------------------------------
// A test gateway: identities come from a `role` query parameter (sockets) or `x-test-role` header (REST).

interface TestGateway {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly config: GatewayConfig;
  readonly recorder: SessionRecorder;
  readonly shutdown: AbortController;
}

function identityFor(role: unknown): Identity | null {
  return isRole(role) ? { user: `${role}-user`, role, clusters: null, namespaces: null } : null;
}

async function startGateway(clusters: ClusterRegistry, dir: string): Promise<TestGateway> {
  const app = Fastify();
  await app.register(websocket, { options: { maxPayload: 65536 } });
  const config = defaultConfig();
  config.recording = { enabled: true, dir, recordInput: true };
  const recorder = await SessionRecorder.open({ dir, recordInput: true });
  const shutdown = new AbortController();
  const ctx: GatewayContext = {
    config,
    clusters,
    log: app.log,
    metrics: new GatewayMetrics(),
    shutdown: shutdown.signal,
    access: ClusterAccess.forConfig(config, new MemoryClusterTokens()),
    catalog: new ResourceCatalog(),
    async admit(socket, request: FastifyRequest) {
      const identity = identityFor(new URL(request.url, 'http://test.invalid').searchParams.get('role'));
      if (!identity) closeSocket(socket, 4401, 'no test role');
      return identity;
    },
    async identify(request) {
      return identityFor(request.headers['x-test-role']);
    },
  };
  registerAuditRoutes(app, ctx, recorder);
  registerTerminalEndpoint(app, ctx, recorder);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `127.0.0.1:${port}`, config, recorder, shutdown };
}

// ---------------------------------------------------------------------------------------------------
// A terminal client: output as text, status frames parsed, the close code and reason.

class Term {
  readonly socket: WebSocket;
  readonly chunks: Buffer[] = [];
  readonly statuses: { type: string; code?: number; message?: string }[] = [];
  close: { code: number; reason: string } | null = null;
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Output length when {@link Term.mark} was last called. */
  private marked = 0;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data: Buffer, isBinary) => {
      if (isBinary) this.chunks.push(data);
      else this.statuses.push(JSON.parse(data.toString()) as Term['statuses'][number]);
    });
    this.closed = new Promise((resolve) =>
      this.socket.on('close', (code, reason) => {
        this.close = { code, reason: reason.toString() };
        resolve(this.close);
      }),
    );
  }

  output(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  bytes(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0);
  }

  /** Output since the last mark. */
  since(): string {
    return this.output().slice(this.marked);
  }

  mark(): void {
    this.marked = this.output().length;
  }

  async opened(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) return;
    await new Promise<void>((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  type(text: string): void {
    this.socket.send(Buffer.from(text, 'utf8'), { binary: true });
  }

  control(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  async waitFor(pattern: string | RegExp, what = String(pattern), timeoutMs = 10_000): Promise<void> {
    const test = (s: string) => (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s));
    await until(() => test(this.since()), `${what} in ${JSON.stringify(this.since().slice(-200))}`, timeoutMs);
  }
}

let sim: Simulator;
let clusters: ClusterRegistry;
let kc: KubeConfig;
let gw: TestGateway;
let scratch: string;

function termUrl(path: string, params: Record<string, string | string[]> = {}, role = 'operator'): string {
  const search = new URLSearchParams({ role });
  for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) search.append(k, one);
  return `ws://${gw.url}/api/v1/ws/terminal/${path}?${search}`;
}

/** A shell in the seed's example pod with its prompt shown. */
async function shell(params: Record<string, string | string[]> = {}): Promise<Term> {
  const term = new Term(termUrl('prod-us/default/my-pod', { container: 'app', ...params }));
  await term.opened();
  await term.waitFor(/[$#] $/, 'the prompt');
  return term;
}

async function api(path: string, role?: string): Promise<Response> {
  return fetch(`http://${gw.url}${path}`, { headers: role ? { 'x-test-role': role } : {} });
}

async function sessions(query = ''): Promise<{ items: TerminalSessionRecord[]; nextCursor: string | null }> {
  const res = await api(`/api/v1/audit/terminal-sessions${query}`, 'admin');
  expect(res.status).toBe(200);
  return (await res.json()) as { items: TerminalSessionRecord[]; nextCursor: string | null };
}

/** `asciinema cat` needs a tty, hence `script` (STACK.md); 0 means a valid asciicast file. */
function asciinemaAccepts(file: string): number {
  return spawnSync('script', ['-qec', `asciinema cat ${file}`, '/dev/null'], { encoding: 'utf8', timeout: 20_000 }).status ?? -1;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'gateway-terminal-'));
  sim = await startSimulator({ seed: 1 });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  clusters = ClusterRegistry.fromKubeConfig(kc);
  gw = await startGateway(clusters, join(scratch, 'recordings'));
});

afterAll(async () => {
  await gw.app.close();
  await gw.recorder.close();
  await sim.stop();
  rmSync(scratch, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------

describe('terminal endpoint', () => {
  it('echoes typed input (the seed example)', async () => {
    const term = await shell();
    term.mark();
    term.type('echo "hello-$((6 * 7))"\r');
    await term.waitFor('hello-42');
    term.socket.close();
    await term.closed;
  });

  it('after a resize to 220x50 `stty size` prints 50 220', async () => {
    const term = await shell();
    term.control({ type: 'resize', cols: 220, rows: 50 });
    term.mark();
    term.type('stty size\r');
    await term.waitFor('50 220');
    term.socket.close();
    await term.closed;
  });

  it('takes the initial size from cols and rows', async () => {
    const term = await shell({ cols: '132', rows: '43' });
    term.mark();
    term.type('stty size\r');
    await term.waitFor('43 132');
    term.socket.close();
  });

  it('`exit 3` sends the exit frame with code 3, then closes with 1000; the audit API has it right', async () => {
    const term = await shell();
    term.type('printf "caf\\303\\251\\n"\r');
    await term.waitFor('café');
    term.type('exit 3\r');
    const close = await term.closed;
    expect(close.code).toBe(1000);
    expect(term.statuses.at(-1)).toEqual({ type: 'exit', code: 3 });

    const page = await sessions('?user=operator-user&cluster=prod-us&limit=1');
    const record = page.items[0];
    expect(record).toMatchObject({
      user: 'operator-user',
      cluster: 'prod-us',
      namespace: 'default',
      pod: 'my-pod',
      container: 'app',
      command: ['bash'],
      exitCode: 3,
      bytes: term.bytes(),
    });
    expect(record?.endedAt).not.toBeNull();
    const id = record?.id ?? '';
    expect(await (await api(`/api/v1/audit/terminal-sessions/${id}`, 'admin')).json()).toEqual(record);

    const res = await api(`/api/v1/audit/terminal-sessions/${id}/recording`, 'admin');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-asciicast');
    const cast = await res.text();
    const [headerLine = '', ...eventLines] = cast.trimEnd().split('\n');
    expect(JSON.parse(headerLine)).toMatchObject({ version: 2, width: 80, height: 24, title: 'operator-user@prod-us/default/my-pod/app', env: { TERM: 'xterm-256color', SHELL: 'bash' } });
    expect(Object.keys((JSON.parse(headerLine) as { env: object }).env).sort()).toEqual(['SHELL', 'TERM']);
    const events = eventLines.map((l) => JSON.parse(l) as [number, string, string]);
    expect(events.filter((e) => e[1] === 'o').map((e) => e[2]).join('')).toBe(term.output());
    expect(events.filter((e) => e[1] === 'i').map((e) => e[2]).join('')).toContain('exit 3\r');
    const file = join(scratch, 'downloaded.cast');
    writeFileSync(file, cast);
    expect(asciinemaAccepts(file)).toBe(0);
  });

  it('records resizes as "r" events', async () => {
    const term = await shell();
    term.control({ type: 'resize', cols: 100, rows: 30 });
    term.type('exit 0\r');
    await term.closed;
    expect(term.statuses.at(-1)).toEqual({ type: 'exit', code: 0 });
    const id = (await sessions('?limit=1')).items[0]?.id ?? '';
    const path = (await gw.recorder.recordingPath(id)) ?? '';
    expect(readFileSync(path, 'utf8')).toContain('"r","100x30"]');
  });

  it('runs a given command; its missing executable is an error frame and 4400', async () => {
    const ok = new Term(termUrl('prod-us/default/my-pod', { command: ['sh', '-c', 'echo from-command; exit 7'] }));
    await ok.closed;
    expect(ok.output()).toContain('from-command');
    expect(ok.statuses).toEqual([{ type: 'exit', code: 7 }]);
    const missing = new Term(termUrl('prod-us/default/my-pod', { command: 'no-such-program' }));
    const close = await missing.closed;
    expect(close.code).toBe(4400);
    expect(missing.statuses[0]?.type).toBe('error');
    expect(missing.statuses[0]?.message).toContain('executable file not found');
  });

  it('falls back to sh when the container has no bash', async () => {
    // The emulator looks commands up on the container's PATH: give it a directory with sh alone.
    const onlySh = join(scratch, 'only-sh');
    mkdirSync(onlySh);
    symlinkSync('/bin/sh', join(onlySh, 'sh'));
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({
      namespace: 'default',
      body: { metadata: { name: 'no-bash' }, spec: { containers: [{ name: 'main', image: 'alpine', env: [{ name: 'PATH', value: onlySh }] }] } },
    });
    for (let i = 0; (await core.readNamespacedPod({ namespace: 'default', name: 'no-bash' })).status?.phase !== 'Running'; i++) {
      if (i > 200) throw new Error('no-bash never ran');
      await new Promise((r) => setTimeout(r, 100));
    }
    const term = new Term(termUrl('prod-us/default/no-bash'));
    // Typed before any prompt: must reach sh although bash was tried first.
    term.socket.on('open', () => term.type('echo "fallback-$((2 + 3))"\r'));
    await term.waitFor('fallback-5');
    term.type('exit 0\r');
    await term.closed;
    const record = (await sessions('?limit=1')).items[0];
    expect(record).toMatchObject({ pod: 'no-bash', container: 'main', command: ['sh'], exitCode: 0 });
  });

  it('refuses a viewer with 4403 and no credential with 4401', async () => {
    const viewer = new Term(termUrl('prod-us/default/my-pod', {}, 'viewer'));
    expect((await viewer.closed).code).toBe(4403);
    const nobody = new Term(termUrl('prod-us/default/my-pod', {}, 'nobody'));
    expect((await nobody.closed).code).toBe(4401);
  });

  it('closes bad names and parameters with 4400 and unknown cluster, pod or container with 4404', async () => {
    const cases: [string, Record<string, string | string[]>, number][] = [
      ['prod-us/Bad_NS/my-pod', {}, 4400],
      ['prod-us/default/My..Pod', {}, 4400],
      ['prod%20us/default/my-pod', {}, 4400],
      ['prod-us/default/my-pod', { container: 'APP' }, 4400],
      ['prod-us/default/my-pod', { cols: 'wide' }, 4400],
      ['prod-us/default/my-pod', { rows: '0' }, 4400],
      ['prod-us/default/my-pod', { command: '' }, 4400],
      ['nowhere/default/my-pod', {}, 4404],
      ['prod-us/default/no-such-pod', {}, 4404],
      ['prod-us/default/my-pod', { container: 'sidecar' }, 4404],
    ];
    for (const [path, params, code] of cases) {
      const term = new Term(termUrl(path, params));
      const close = await term.closed;
      expect({ path, params, code: close.code }).toEqual({ path, params, code });
      expect(close.reason.length).toBeGreaterThan(0);
    }
  });

  it('answers an invalid control frame with an error frame and keeps going', async () => {
    const term = await shell();
    term.control('not json');
    term.control({ type: 'resize', cols: 0, rows: 10 });
    term.control({ type: 'dance' });
    await until(() => term.statuses.length === 3, 'three error frames');
    expect(term.statuses.every((s) => s.type === 'error')).toBe(true);
    term.mark();
    term.type('echo "still-$((1 + 1))"\r');
    await term.waitFor('still-2');
    term.socket.close();
  });

  it('pause stops the output and resume lets it through', async () => {
    const term = await shell();
    term.control({ type: 'pause' });
    await new Promise((r) => setTimeout(r, 150));
    term.mark();
    term.type('echo "paused-$((1 + 1))"\r');
    await new Promise((r) => setTimeout(r, 600));
    expect(term.since()).toBe('');
    term.control({ type: 'resume' });
    await term.waitFor('paused-2');
    term.socket.close();
  });

  it('a client that stops reading holds the cluster stream instead of being closed as a slow consumer', async () => {
    const size = 32 * 1024 * 1024;
    // `read` keeps the process alive until everything arrived: the emulator's pty drops output
    // still unread when a paused process exits, which is not what this test is about.
    const script = `head -c ${size} /dev/zero | tr '\\0' x; read done`;
    const term = new Term(termUrl('prod-us/default/my-pod', { command: ['sh', '-c', script] }));
    await term.waitFor('xxxx');
    // Far more than the 8 MiB send buffer is produced while the client reads nothing.
    term.socket.pause();
    await new Promise((r) => setTimeout(r, 1500));
    expect(term.close).toBeNull();
    term.socket.resume();
    await until(() => term.bytes() >= size, 'all the output', 20_000);
    term.type('\r');
    const close = await term.closed;
    expect(close.code).toBe(1000);
    expect(term.statuses).toEqual([{ type: 'exit', code: 0 }]);
    expect(term.output().split('x').length - 1).toBe(size);
  });

  it('the client closing ends the process', async () => {
    const term = new Term(termUrl('prod-us/default/my-pod', { command: ['sh', '-c', 'echo "pid:$$"; exec sleep 600'] }));
    await term.waitFor(/pid:\d+/);
    const pid = Number(/pid:(\d+)/.exec(term.output())?.[1]);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    term.socket.close();
    await until(() => !alive(), 'the process to die', 10_000);
    await until(async () => (await gw.recorder.list({ limit: 1 })).items[0]?.endedAt !== null, 'the recording to finish');
    expect((await gw.recorder.list({ limit: 1 })).items[0]).toMatchObject({ command: ['sh', '-c', 'echo "pid:$$"; exec sleep 600'], exitCode: null });
  });

  it('closes an idle session with 1000 after a notice, without an exit frame', async () => {
    const limits = gw.config.limits;
    const before = limits.terminalIdleSeconds;
    limits.terminalIdleSeconds = 0.8;
    try {
      const term = await shell();
      const close = await term.closed;
      expect(close.code).toBe(1000);
      expect(term.statuses.map((s) => s.type)).toEqual(['error']);
      expect(term.statuses[0]?.message).toContain('without input or output');
    } finally {
      limits.terminalIdleSeconds = before;
    }
  });
});

describe('shutdown', () => {
  it('closes terminals with 1001 and finishes their recordings', async () => {
    const dir = join(scratch, 'shutdown-recordings');
    const other = await startGateway(clusters, dir);
    try {
      const term = new Term(`ws://${other.url}/api/v1/ws/terminal/prod-us/default/my-pod?role=admin`);
      await term.waitFor(/[$#] $/, 'the prompt');
      other.shutdown.abort();
      expect((await term.closed).code).toBe(1001);
      const record = (await other.recorder.list()).items[0];
      expect(record?.endedAt).not.toBeNull();
      expect(record?.exitCode).toBeNull();
      expect(asciinemaAccepts((await other.recorder.recordingPath(record?.id ?? '')) ?? '')).toBe(0);
    } finally {
      await other.app.close();
      await other.recorder.close();
    }
  });
});

describe('audit API', () => {
  it('is for admins only: 401 without identity, 403 for operators', async () => {
    expect((await api('/api/v1/audit/terminal-sessions')).status).toBe(401);
    const forbidden = await api('/api/v1/audit/terminal-sessions', 'operator');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: { code: 403, reason: 'Forbidden', message: expect.any(String) } });
    const id = (await sessions('?limit=1')).items[0]?.id ?? '';
    expect((await api(`/api/v1/audit/terminal-sessions/${id}`, 'viewer')).status).toBe(403);
    expect((await api(`/api/v1/audit/terminal-sessions/${id}/recording`)).status).toBe(401);
  });

  it('answers bad parameters with 400 and unknown ids with 404', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=ten', 'from=yesterday', 'to=2024-02-30T00:00:00Z', 'cursor=garbage', 'cluster=a%20b', 'user=a&user=b']) {
      const res = await api(`/api/v1/audit/terminal-sessions?${query}`, 'admin');
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(((await res.json()) as { error: { code: number } }).error.code).toBe(400);
    }
    expect((await api('/api/v1/audit/terminal-sessions/not-a-uuid', 'admin')).status).toBe(400);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await api(`/api/v1/audit/terminal-sessions/${unknown}`, 'admin')).status).toBe(404);
    expect((await api(`/api/v1/audit/terminal-sessions/${unknown}/recording`, 'admin')).status).toBe(404);
  });

  it('pages with a stable keyset cursor and filters by cluster, user and time', async () => {
    const all = await sessions('?limit=500');
    expect(all.items.length).toBeGreaterThan(3);
    expect(all.nextCursor).toBeNull();
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await sessions(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(all.items.map((i) => i.id));
    expect((await sessions('?cluster=staging-eu')).items).toEqual([]);
    expect((await sessions('?user=admin-user')).items).toEqual([]);
    const newest = all.items[0]?.startedAt ?? '';
    expect((await sessions(`?from=${encodeURIComponent(newest)}`)).items.map((i) => i.id)).toContain(all.items[0]?.id);
    expect((await sessions(`?to=${encodeURIComponent(newest)}`)).items.map((i) => i.id)).not.toContain(all.items[0]?.id);
  });
});

describe('SessionRecorder', () => {
  it('keeps a UTF-8 character split across output frames intact', async () => {
    const dir = join(scratch, 'utf8');
    const recorder = await SessionRecorder.open({ dir, recordInput: false });
    const meta = { user: 'u', cluster: 'c', namespace: 'n', pod: 'p', container: 'k', command: ['sh'], width: 80, height: 24 };
    const recording = recorder.start(meta);
    const bytes = Buffer.from('a€b😀', 'utf8');
    // Every byte its own frame: both multi-byte characters arrive in pieces.
    for (const byte of bytes) recording.output(Uint8Array.of(byte));
    recording.input(Buffer.from('ignored'));
    recording.finish(0);
    const lines = readFileSync((await recorder.recordingPath(recording.id)) ?? '', 'utf8').trimEnd().split('\n').slice(1);
    const events = lines.map((l) => JSON.parse(l) as [number, string, string]);
    expect(events.map((e) => e[2]).join('')).toBe('a€b😀');
    expect(events.every((e) => e[1] === 'o' && !e[2].includes('\uFFFD'))).toBe(true);
    expect(await recorder.get(recording.id)).toMatchObject({ bytes: bytes.length, exitCode: 0, command: ['sh'] });
    await recorder.close();
  });

  it('leaves a valid asciicast file when the session is cut mid-way (no finish)', async () => {
    const dir = join(scratch, 'cut');
    const recorder = await SessionRecorder.open({ dir, recordInput: true });
    const recording = recorder.start({ user: 'u', cluster: 'c', namespace: 'n', pod: 'p', container: 'k', command: ['bash'], width: 80, height: 24 });
    recording.output(Buffer.from('$ ls\r\nfile\r\n$ '));
    recording.resize(100, 40);
    recording.input(Buffer.from('ec'));
    // A character cut at the crash: its first byte never reaches the file.
    recording.output(Buffer.from('é', 'utf8').subarray(0, 1));
    const path = (await recorder.recordingPath(recording.id)) ?? '';
    // What a crash leaves behind: the file as it is now, the row still open.
    const copy = join(scratch, 'cut-copy.cast');
    copyFileSync(path, copy);
    expect(asciinemaAccepts(copy)).toBe(0);
    expect((await recorder.get(recording.id))?.endedAt).toBeNull();
    const cast = readFileSync(copy, 'utf8');
    expect(cast.endsWith('\n')).toBe(true);
    // Header, output, resize, input: the lone first byte of é is held back, never half-written.
    expect(cast.trimEnd().split('\n')).toHaveLength(4);
    await recorder.close();
  });

  it('never takes ids from outside: unknown and malformed ids have no path', async () => {
    expect(await gw.recorder.recordingPath('../audit.sqlite')).toBeNull();
    expect(await gw.recorder.get('00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
