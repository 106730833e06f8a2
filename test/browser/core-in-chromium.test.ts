import { afterEach, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import { createKubeVisionClient, type KubeVisionClient, type KubeVisionClientOptions } from '../../src/core/index.ts';

const clients: KubeVisionClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
  setNetwork(true);
});

/**
 * The page's view of the network. Cutting Chromium's real network would also cut vitest's own RPC
 * socket to this page, so the test flips navigator.onLine and fires the event the browser fires.
 */
let online = true;
Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => online });
function setNetwork(up: boolean): void {
  if (online === up) return;
  online = up;
  window.dispatchEvent(new Event(up ? 'online' : 'offline'));
}

function client(options: Partial<KubeVisionClientOptions> = {}): KubeVisionClient {
  const c = createKubeVisionClient({ baseUrl: inject('gatewayUrl'), getToken: () => 'browser-token', ...options });
  clients.push(c);
  return c;
}

async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the core in real Chromium', () => {
  it('watches a resource and delivers the snapshot in one animation-frame batch', async () => {
    const c = client();
    const calls: { names: string[]; state: string; inFrame: boolean }[] = [];
    let frame = false;
    const tick = () => {
      frame = true;
      queueMicrotask(() => (frame = false));
      raf = requestAnimationFrame(tick);
    };
    let raf = requestAnimationFrame(tick);
    c.watch.watch({ cluster: 'prod-us', namespace: 'default', resource: 'pods' }, (s) => {
      calls.push({ names: s.items.map((p) => p.metadata?.name ?? ''), state: s.status.state, inFrame: frame });
    });
    await until(() => calls.at(-1)?.state === 'live', 'live');
    cancelAnimationFrame(raf);
    expect(calls.at(-1)?.names).toEqual(['web-1', 'db-1']);
    expect(calls.length).toBeLessThanOrEqual(3);
  });

  it('round-trips binary terminal data and sends the size on open and on resize', async () => {
    const c = client();
    const term = c.openTerminal({ cluster: 'prod-us', namespace: 'default', pod: 'my-pod', cols: 100, rows: 30 });
    const chunks: Uint8Array[] = [];
    term.on('output', (d) => {
      chunks.push(d);
      term.ack(d.byteLength);
    });
    const text = () => new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
    await until(() => text().includes('resized 100x30'), 'initial size');
    const bytes = new Uint8Array(256).map((_, i) => i);
    chunks.length = 0;
    expect(term.write(bytes)).toBe(true);
    await until(() => chunks.reduce((n, c) => n + c.byteLength, 0) >= 256, 'echo');
    expect([...chunks.flatMap((c) => [...c])]).toEqual([...bytes]);
    chunks.length = 0;
    term.resize(220, 50);
    await until(() => text().includes('resized 220x50'), 'resize');
    term.write('héllo ✓');
    await until(() => text().includes('héllo ✓'), 'utf-8 echo');
  });

  it('does not retry while the browser is offline and reconnects at once when it comes back', async () => {
    const c = client();
    c.watch.watch({ cluster: 'prod-us', namespace: '', resource: 'pods' }, () => undefined);
    await until(() => c.connection.status.state === 'open', 'open');
    setNetwork(false);
    await commands.dropConnections();
    await until(() => c.connection.status.offline, 'offline wait');
    const before = await commands.connectionCount();
    await new Promise((r) => setTimeout(r, 2500));
    expect(await commands.connectionCount()).toBe(before);
    expect(c.connection.status).toMatchObject({ state: 'reconnecting', offline: true, retryAt: null });
    const back = performance.now();
    setNetwork(true);
    await until(() => c.connection.status.state === 'open', 'open again');
    expect(performance.now() - back).toBeLessThan(2000);
    expect(await commands.connectionCount()).toBe(before + 1);
  });

  it('reconnects at once when the tab becomes visible instead of waiting out a long backoff', async () => {
    const c = client({ backoff: { baseMs: 20_000, maxMs: 20_000, jitter: 'none' } });
    c.watch.watch({ cluster: 'prod-us', namespace: '', resource: 'pods' }, () => undefined);
    await until(() => c.connection.status.state === 'open', 'open');
    await commands.dropConnections();
    await until(() => c.connection.status.retryAt !== null, 'waiting 20 s to retry');
    let visibility: DocumentVisibilityState = 'hidden';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
    document.dispatchEvent(new Event('visibilitychange'));
    await new Promise((r) => setTimeout(r, 200));
    expect(c.connection.status.state).toBe('reconnecting');
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    await until(() => c.connection.status.state === 'open', 'open after the tab became visible', 3000);
    Reflect.deleteProperty(document, 'visibilityState');
  });

  it('watches through the real gateway from another origin, with a ticket fetched across origins', async () => {
    const c = client({ baseUrl: inject('realGatewayUrl'), getToken: () => inject('realGatewayToken') });
    let names: string[] = [];
    let state = '';
    c.watch.watch({ cluster: 'prod-us', namespace: 'default', resource: 'pods' }, (s) => {
      names = s.items.map((p) => p.metadata?.name ?? '');
      state = s.status.state;
    });
    await until(() => state === 'live', 'live through the real gateway', 10_000);
    expect(names).toContain('my-pod');
  });
});
