import type { IncomingMessage } from 'node:http';
import type { ProtocolFlavor } from './types.js';

/** The remote-command subprotocols served, most capable first. */
export const SUPPORTED_PROTOCOLS = { v5: 'v5.channel.k8s.io', v4: 'v4.channel.k8s.io' } as const;

/** Channel numbers of the k8s.io channel protocols (k8s.io/apimachinery/pkg/util/remotecommand). */
export const Channel = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

/** The subprotocols a WebSocket request offers, in the client's order. */
export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (!header) return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/**
 * kube-apiserver sends any request offering v5 to its stream translator (which speaks only v5),
 * whatever the client's order; anything else goes to the kubelet, where v4 is the newest version.
 */
export function chooseFlavor(offered: readonly string[]): ProtocolFlavor | null {
  if (offered.includes(SUPPORTED_PROTOCOLS.v5)) return 'v5';
  if (offered.includes(SUPPORTED_PROTOCOLS.v4)) return 'v4';
  return null;
}

/** Whether the request asks for a WebSocket upgrade (ws validates the handshake headers itself). */
export function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return req.headers.upgrade?.toLowerCase() === 'websocket';
}
