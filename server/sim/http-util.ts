/** Small HTTP helpers of the emulator: JSON and Status answers, bounded body reading. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { status, type KubeStatus } from './errors.js';

/** Largest request body accepted, as kube-apiserver's 3 MiB limit. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes a Status error with its own code. */
export function sendStatus(res: ServerResponse, s: KubeStatus): void {
  sendJson(res, s.code, s);
}

/** Reads the request body as text; a Status when it is larger than the limit. */
export async function readBody(req: IncomingMessage): Promise<string | KubeStatus> {
  const raw = await readRawBody(req);
  return Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
}

/** Reads the request body as bytes (protobuf bodies are binary); a Status when it is larger than the limit. */
export function readRawBody(req: IncomingMessage): Promise<Buffer | KubeStatus> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        resolve(status(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', () => {
      if (!done) resolve(status(400, 'BadRequest', 'the request body could not be read'));
    });
  });
}
