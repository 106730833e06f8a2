/**
 * The user's identity on client-node's own requests: the exec upgrade and the log stream go through
 * client-node (Exec, Log), so `asCaller` must put the user on them as on the gateway's plain
 * requests. A loopback server stands in for the apiserver and records the header lines it receives,
 * which is where a comma-joined Impersonate-Group would name one wrong group.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { Exec, KubeConfig, Log } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, type ClusterCaller } from '../../server/kube/cluster-caller.ts';

let server: Server;
let kubeConfig: KubeConfig;
const seen: { url: string; headers: string[] }[] = [];

/** The raw header lines of a request, in pairs of name and value. */
function headerLines(req: IncomingMessage): string[] {
  const lines: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${(req.rawHeaders[i] as string).toLowerCase()}: ${req.rawHeaders[i + 1] as string}`);
  return lines;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: headerLines(req) });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('a line\n');
  });
  // The exec upgrade is refused once its headers are recorded: the request is what this test is about.
  server.on('upgrade', (req: IncomingMessage, socket) => {
    seen.push({ url: req.url ?? '', headers: headerLines(req) });
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'gateway', token: 'gateway-own-token' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'gateway' }],
    currentContext: 'c',
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function logRequest(caller: ClusterCaller): Promise<string[]> {
  seen.length = 0;
  const sink = new PassThrough();
  const ended = new Promise((resolve) => sink.on('finish', resolve));
  await new Log(asCaller(kubeConfig, caller)).log('shop', 'web-1', 'app', sink, { follow: false });
  await ended;
  return seen[0]?.headers ?? [];
}

async function execRequest(caller: ClusterCaller): Promise<string[]> {
  seen.length = 0;
  await expect(new Exec(asCaller(kubeConfig, caller)).exec('shop', 'web-1', 'app', ['sh'], new PassThrough(), new PassThrough(), null, true)).rejects.toThrow();
  return seen[0]?.headers ?? [];
}

const identityLines = (lines: string[]) => lines.filter((l) => /^(authorization|impersonate-)/.test(l));

describe('asCaller on client-node requests', () => {
  const impersonated: ClusterCaller = { kind: 'impersonate', user: 'victor', groups: ['team-a', 'oncall'] };
  const bearer: ClusterCaller = { kind: 'bearer', token: 'users-own-token', session: 's1' };
  /** The gateway's credentials, then the user and each group on a line of its own. */
  const asVictor = ['authorization: Bearer gateway-own-token', 'impersonate-user: victor', 'impersonate-group: team-a', 'impersonate-group: oncall'];

  it('a log stream goes as the impersonated user, one header line per group', async () => {
    expect(identityLines(await logRequest(impersonated))).toEqual(asVictor);
  });

  it("a log stream goes with the user's own token alone on a passthrough cluster", async () => {
    expect(identityLines(await logRequest(bearer))).toEqual(['authorization: Bearer users-own-token']);
  });

  it('an exec upgrade goes as the user in both modes', async () => {
    expect(identityLines(await execRequest(impersonated))).toEqual(asVictor);
    expect(identityLines(await execRequest(bearer))).toEqual(['authorization: Bearer users-own-token']);
  });

  it('the gateway itself keeps the kubeconfig as it is', async () => {
    expect(identityLines(await logRequest({ kind: 'gateway' }))).toEqual(['authorization: Bearer gateway-own-token']);
  });
});
