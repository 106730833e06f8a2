/**
 * One HTTP request with node:http, which sends the path and headers as given (no URL normalising,
 * no keep-alive: the connection ends with the answer, so open sockets return to baseline).
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/** A request to send. */
export interface HttpCall {
  readonly method: string;
  /** Sent verbatim after the method. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly timeoutMs: number;
}

/** What came back. */
export type HttpAnswer =
  | { readonly kind: 'answer'; readonly status: number; readonly contentType: string; readonly body: string }
  | { readonly kind: 'timeout' }
  /** The request could not even be sent (node:http refused a header), or the connection broke. */
  | { readonly kind: 'error'; readonly message: string; readonly refusedLocally: boolean };

/**
 * Bodies above this go over a plain TCP socket: the gateway answers 413 and closes while the body
 * is still being written, and node:http reports the broken write instead of the answer it read.
 */
const RAW_BODY_BYTES = 1024 * 1024;

function parseResponse(raw: Buffer): HttpAnswer | null {
  const text = raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (split < 0 || !status) return null;
  const head = text.slice(0, split);
  const contentType = /\r\ncontent-type:\s*([^\r]*)/i.exec(head)?.[1] ?? '';
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
  const body = raw.subarray(Buffer.byteLength(text.slice(0, split + 4)));
  return { kind: 'answer', status: Number(status[1]), contentType, body: (length === undefined ? body : body.subarray(0, Number(length))).toString('utf8') };
}

/** A request written to a TCP socket by hand; whatever arrives before the connection ends is the answer. */
function rawCall(hostname: string, port: number, req: HttpCall, body: Uint8Array): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, req.timeoutMs);
    const head = Object.entries({ host: `${hostname}:${port}`, ...req.headers, 'content-length': String(body.byteLength), connection: 'close' })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A write cut by the gateway's close is expected here: the answer, if any, is already in `chunks`.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const answer = parseResponse(Buffer.concat(chunks));
      if (answer) resolve(answer);
      else resolve(timedOut ? { kind: 'timeout' } : { kind: 'error', message: 'connection ended without an answer', refusedLocally: false });
    });
    socket.write(`${req.method} ${req.path} HTTP/1.1\r\n${head}\r\n`);
    // The whole body, as browsers send it, even when the gateway has answered (413) after part of it.
    socket.end(body);
  });
}

/** Sends one request to `baseUrl` (http://host:port). */
export function call(baseUrl: string, req: HttpCall): Promise<HttpAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const size = req.body === undefined ? 0 : typeof req.body === 'string' ? Buffer.byteLength(req.body) : req.body.byteLength;
  if (req.body !== undefined && size > RAW_BODY_BYTES) return rawCall(hostname, Number(port), req, typeof req.body === 'string' ? Buffer.from(req.body) : req.body);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: HttpAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const timer = setTimeout(() => {
      settle({ kind: 'timeout' });
      outgoing?.destroy();
    }, req.timeoutMs);
    let outgoing: ReturnType<typeof httpRequest> | undefined;
    try {
      outgoing = httpRequest({ host: hostname, port: Number(port), method: req.method, path: req.path, headers: { ...req.headers, connection: 'close' }, agent: false });
    } catch (error) {
      settle({ kind: 'error', message: error instanceof Error ? error.message : String(error), refusedLocally: true });
      return;
    }
    outgoing.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      const done = (): void => settle({ kind: 'answer', status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
      res.on('end', done);
      res.on('error', done);
    });
    // The gateway may answer (413, 431) and close before the whole body is written: the answer counts.
    outgoing.on('error', (error) => setTimeout(() => settle({ kind: 'error', message: error.message, refusedLocally: false }), 200));
    if (req.body !== undefined) outgoing.end(req.body);
    else outgoing.end();
  });
}
