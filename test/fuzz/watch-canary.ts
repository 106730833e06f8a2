/**
 * The healthy client beside the fuzz: one watch socket (user alice) on the churning pods of
 * namespace shop and on a canary ConfigMap. At each check the canary's label is patched through
 * REST, and its MODIFIED must arrive in time on a socket that is still open and still hears churn.
 */
import { WebSocket } from 'ws';
import { Paths } from '../../src/core/protocol.ts';
import { until } from '../support/until.ts';
import type { GatewayUnderTest } from './gateway-child.ts';
import { call } from './http-probe.ts';
import { OK, outcome, type Outcome } from './outcome.ts';

const CANARY = 'kvfuzz-canary';
const BOUND_MS = 5000;

/** The canary client. */
export interface WatchCanary {
  /** Ok when a REST change reached the socket in time and churn kept flowing since the last check. */
  check(): Promise<Outcome>;
  close(): void;
}

async function rest(gateway: GatewayUnderTest, method: string, path: string, body: unknown, contentType = 'application/json'): Promise<number> {
  const answer = await call(gateway.url, { method, path, headers: { authorization: `Bearer ${gateway.adminToken}`, 'content-type': contentType }, body: JSON.stringify(body), timeoutMs: BOUND_MS });
  return answer.kind === 'answer' ? answer.status : 0;
}

/** Creates namespace `fuzz` and the canary ConfigMap, then opens the canary socket. */
export async function startCanary(gateway: GatewayUnderTest, fuzzNamespace: string): Promise<WatchCanary> {
  await rest(gateway, 'POST', '/api/v1/clusters/prod-us/namespaces', { metadata: { name: fuzzNamespace } });
  await rest(gateway, 'POST', '/api/v1/clusters/prod-us/configmaps?namespace=default', { metadata: { name: CANARY } });
  const ws = new WebSocket(`${gateway.wsUrl}${Paths.watch}`, { headers: { authorization: `Bearer ${gateway.tokens.alice}` } });
  let churn = 0;
  let synced = 0;
  let lastBeat = '';
  let closed: string | null = null;
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { type?: string; resource?: string; object?: { metadata?: { name?: string; labels?: Record<string, string> } } };
    if (m.type === 'SYNCED') synced++;
    else if (m.resource === 'pods') churn++;
    else if (m.type === 'MODIFIED' && m.object?.metadata?.name === CANARY) lastBeat = m.object.metadata.labels?.beat ?? '';
  });
  ws.on('close', (code, reason) => (closed = `closed ${code} ${String(reason)}`));
  ws.on('error', () => undefined);
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace: 'shop', resource: 'pods' }));
  ws.send(JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'configmaps' }));
  await until(() => synced >= 2, 'the canary snapshots', BOUND_MS);
  let beat = 0;
  let churnAtLastCheck = churn;
  return {
    async check() {
      if (closed) return outcome('unclear', `the healthy watch socket was ${closed}`);
      const expected = String(++beat);
      await rest(gateway, 'PATCH', `/api/v1/clusters/prod-us/configmaps/${CANARY}?namespace=default`, { metadata: { labels: { beat: expected } } }, 'application/merge-patch+json');
      try {
        await until(() => lastBeat === expected || closed, 'the canary event', BOUND_MS);
        // Churn runs at 10 events/s in shop: a check without any since the last one means a stalled socket.
        await until(() => churn > churnAtLastCheck || closed, 'churn on the canary socket', BOUND_MS);
      } catch {
        return outcome('hang', `the healthy watch socket missed ${lastBeat === expected ? 'the churn' : `the REST change (beat ${expected})`}`);
      }
      churnAtLastCheck = churn;
      return closed ? outcome('unclear', `the healthy watch socket was ${closed}`) : OK;
    },
    close() {
      ws.close();
    },
  };
}
