/**
 * One WebSocket attempt against the gateway, recorded whatever happens: a refused upgrade (HTTP
 * status and body), or the frames received and the close code and reason.
 */
import { WebSocket } from 'ws';
import type { Evidence } from './security-evidence.ts';

/** How a credential and an origin travel with an upgrade request. */
export interface UpgradeOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly protocols?: readonly string[];
  readonly origin?: string;
}

/** What happened to one attempt. */
export interface SocketTrace {
  /** The HTTP status of a refused upgrade; null when the socket was upgraded. */
  readonly refusedStatus: number | null;
  /** The body of a refused upgrade. */
  readonly refusedBody: string;
  /** Text frames received, in order. */
  readonly texts: readonly string[];
  /** Binary frames received, in order. */
  readonly binary: readonly Buffer[];
  /** The close code and reason, null when the probe closed the socket itself after `until`. */
  readonly close: { code: number; reason: string } | null;
  readonly timedOut: boolean;
}

/** Settings of one attempt. */
export interface ProbeOptions extends UpgradeOptions {
  /** Text frames sent once the socket is open. */
  readonly send?: readonly string[];
  /** True when the frames so far answer the question; the probe then closes the socket itself. */
  readonly until?: (texts: readonly string[]) => boolean;
  readonly timeoutMs?: number;
}

/** Opens `url`, waits for the close, a refusal or `until`, and records the outcome in `evidence`. */
export function probeSocket(url: string, options: ProbeOptions, evidence: Evidence): Promise<SocketTrace> {
  return new Promise((resolve) => {
    const texts: string[] = [];
    const binary: Buffer[] = [];
    const ws = new WebSocket(url, [...(options.protocols ?? [])], { headers: { ...options.headers }, ...(options.origin ? { origin: options.origin } : {}) });
    let settled = false;
    const finish = (trace: Partial<SocketTrace>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const full: SocketTrace = { refusedStatus: null, refusedBody: '', texts, binary, close: null, timedOut: false, ...trace };
      evidence.saw('refused upgrade body', full.refusedBody);
      if (full.close) evidence.saw('close reason', full.close.reason);
      // Watch events carry cluster objects, not anything the client sent; every other text frame is kept.
      for (const t of texts) if (!/^\{"type":"(ADDED|MODIFIED|DELETED)"/.test(t)) evidence.saw('socket text frame', t);
      resolve(full);
    };
    const timer = setTimeout(() => {
      ws.terminate();
      finish({ timedOut: true });
    }, options.timeoutMs ?? 10_000);
    ws.on('unexpected-response', (request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => {
        request.destroy();
        finish({ refusedStatus: response.statusCode ?? 0, refusedBody: body });
      });
    });
    ws.on('open', () => {
      for (const text of options.send ?? []) ws.send(text);
    });
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) binary.push(data);
      else texts.push(data.toString('utf8'));
      if (options.until?.(texts)) {
        finish({});
        ws.close();
      }
    });
    ws.on('close', (code, reason) => finish({ close: { code, reason: reason.toString('utf8') } }));
    // A refused upgrade also reports an error; its outcome comes from 'unexpected-response'.
    ws.on('error', () => undefined);
  });
}
