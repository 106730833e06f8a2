/**
 * One WebSocket exchange with the gateway over a real socket: open (with any headers and
 * subprotocols), send frames, collect what comes back until the gateway closes, the runner has
 * seen enough, or the time bound passes. Never throws: every ending is part of the transcript.
 */
import { WebSocket } from 'ws';
import type { Violation } from './cases.ts';

/** A frame the fuzzer sends. */
export type OutFrame =
  | { readonly kind: 'text'; readonly data: string }
  | { readonly kind: 'binary'; readonly data: Uint8Array }
  /** Bytes sent as a text frame as they are: ws does not check what it sends. */
  | { readonly kind: 'invalid-text'; readonly data: Uint8Array };

/** A frame the gateway sent: the text of a text frame, only the size of a binary one. */
export interface InFrame {
  readonly binary: boolean;
  readonly text: string;
  readonly bytes: number;
}

/** How an exchange ended. */
export type WsEnd =
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string }
  | { readonly kind: 'enough' }
  | { readonly kind: 'http'; readonly status: number; readonly body: string; readonly contentType: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'error'; readonly message: string };

/** Everything one exchange showed. */
export interface WsTranscript {
  readonly opened: boolean;
  readonly received: readonly InFrame[];
  readonly end: WsEnd;
}

/** What to do on one socket. */
export interface WsExchange {
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly protocols?: readonly string[];
  readonly frames: readonly OutFrame[];
  /** True once the frames received so far are all the case waits for; the fuzzer then closes with 1000. */
  readonly enough?: (received: readonly InFrame[]) => boolean;
  readonly timeoutMs: number;
}

/** How long a client-side close may take before the socket is cut. */
const CLOSE_GRACE_MS = 2000;

/** Runs one exchange. */
export function exchange(request: WsExchange): Promise<WsTranscript> {
  return new Promise((resolve) => {
    const received: InFrame[] = [];
    let opened = false;
    let end: WsEnd | null = null;
    const ws = new WebSocket(request.url, request.protocols ? [...request.protocols] : [], {
      headers: { ...request.headers },
      // The gateway may answer a 10,000-subscription socket with many frames: no client-side limit.
      maxPayload: 0,
      handshakeTimeout: request.timeoutMs,
    });
    const finish = (ending: WsEnd): void => {
      if (end) return;
      end = ending;
      clearTimeout(timer);
      if (ending.kind === 'enough' && ws.readyState === ws.OPEN) {
        // Wait for the close handshake, so the gateway has seen the socket end before the next case.
        const cut = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
        ws.once('close', () => {
          clearTimeout(cut);
          resolve({ opened, received, end: ending });
        });
        ws.close(1000, 'fuzz case done');
        return;
      }
      if (ws.readyState !== ws.CLOSED) ws.terminate();
      resolve({ opened, received, end: ending });
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), request.timeoutMs);
    ws.on('open', () => {
      opened = true;
      for (const frame of request.frames) {
        if (ws.readyState !== ws.OPEN) break;
        // The gateway may close mid-send (an oversize frame): the write error is the expected part.
        ws.send(frame.data, { binary: frame.kind === 'binary' }, () => undefined);
      }
      if (request.enough?.(received)) finish({ kind: 'enough' });
    });
    ws.on('message', (data, isBinary) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
      received.push({ binary: isBinary, text: isBinary ? '' : buffer.toString('utf8'), bytes: buffer.length });
      if (request.enough?.(received)) finish({ kind: 'enough' });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => finish({ kind: 'http', status: res.statusCode ?? 0, body, contentType: String(res.headers['content-type'] ?? '') }));
      res.on('error', () => finish({ kind: 'http', status: res.statusCode ?? 0, body, contentType: String(res.headers['content-type'] ?? '') }));
    });
    ws.on('close', (code, reason) => finish({ kind: 'closed', code, reason: reason.toString() }));
    // A reset while a big frame is still being written comes before the close frame is read: wait for 'close'.
    ws.on('error', (error) => {
      if (!opened) finish({ kind: 'error', message: error.message });
    });
  });
}

/** A text frame. */
export const text = (data: string): OutFrame => ({ kind: 'text', data });

/** The frame of a protocol violation, with the close code RFC 6455 gives it (1009 too large, 1007 not UTF-8). */
export function violationFrame(v: Violation): { frame: OutFrame; code: number } {
  if (v.kind === 'invalid-utf8') return { frame: { kind: 'invalid-text', data: Uint8Array.from([0x7b, 0xff, 0xfe, 0xc0, 0xaf, 0x7d]) }, code: 1007 };
  return { frame: v.binary ? binary(new Uint8Array(v.bytes)) : text('x'.repeat(v.bytes)), code: 1009 };
}

/** A binary frame. */
export const binary = (data: Uint8Array): OutFrame => ({ kind: 'binary', data });
