import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ProtocolFlavor } from './types.js';

/** A metav1.Status as the kubelet and kube-apiserver write it on the exec error channel. */
export interface ChannelStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason?: string; message?: string }[] };
  code?: number;
}

// Keys are built in Go's struct field order (metadata, status, message, reason, details, code) so
// the JSON is byte-for-byte what encoding/json produces for metav1.Status.

/** The status of a command that exited with code 0. */
export function successStatus(): ChannelStatus {
  return { metadata: {}, status: 'Success' };
}

/**
 * The status of a command that exited non-zero. The kubelet (v4, reached directly) names the
 * command; the apiserver's v5 stream translator re-wraps the exit error it decoded from SPDY, which
 * only knows the code (k8s.io/apiserver/pkg/util/proxy/streamtranslator.go codeExitToStatusError).
 */
export function nonZeroExitStatus(flavor: ProtocolFlavor, command: readonly string[], code: number): ChannelStatus {
  const inner =
    flavor === 'v5'
      ? `command terminated with exit code ${code}`
      : `error executing command [${command.join(' ')}], exit code ${code}`;
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: ${inner}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/**
 * apierrors.NewInternalError for `error`. Under v5 the translator wraps the kubelet's already
 * wrapped message once more, which is why real clusters print "Internal error occurred: Internal
 * error occurred: ..." for a missing executable.
 */
export function internalErrorStatus(flavor: ProtocolFlavor, error: string, kubeletWrapped: boolean): ChannelStatus {
  const cause = flavor === 'v5' && kubeletWrapped ? `Internal error occurred: ${error}` : error;
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${cause}`,
    reason: 'InternalError',
    details: { causes: [{ message: cause }] },
    code: 500,
  };
}

/** Writes a raw HTTP response on a socket that was never upgraded, then ends it. */
function writeRawResponse(socket: Duplex, code: number, contentType: string, body: string): void {
  // Nothing else listens on a socket handed over by the 'upgrade' event; an unhandled 'error'
  // (the client resetting mid-write) would otherwise crash the emulator.
  socket.on('error', () => socket.destroy());
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const payload = Buffer.from(body, 'utf8');
  const head =
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}\r\n` +
    `Content-Type: ${contentType}\r\n` +
    `Cache-Control: no-cache, private\r\n` +
    `Content-Length: ${payload.length}\r\n` +
    `Connection: close\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
}

/** Answers with a Kubernetes Status error (kind Status, code, reason) as the apiserver does. */
export function writeStatusError(socket: Duplex, code: 400 | 500, reason: 'BadRequest' | 'InternalError', message: string): void {
  const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  writeRawResponse(socket, code, 'application/json', JSON.stringify(status));
}

/** Answers as the kubelet's streaming server does when it refuses a request: plain text. */
export function writeKubeletError(socket: Duplex, code: number, message: string): void {
  writeRawResponse(socket, code, 'text/plain; charset=utf-8', message);
}
