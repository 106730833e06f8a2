import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { prepareProcessPlace } from './environment.js';
import { chooseFlavor, isWebSocketUpgrade, offeredProtocols, SUPPORTED_PROTOCOLS } from './protocol.js';
import { registerSession } from './registry.js';
import { kubeletRefusal, parseExecRequest } from './request.js';
import { refuseSession, runExecSession } from './session.js';
import { internalErrorStatus, writeKubeletError, writeStatusError } from './status.js';
import type { ExecOptions, PodLike } from './types.js';

let upgrader: WebSocketServer | null = null;

/** One shared ws server in noServer mode: it only performs handshakes, it owns no listener. */
function webSocketServer(): WebSocketServer {
  upgrader ??= new WebSocketServer({
    noServer: true,
    clientTracking: false,
    // Neither the apiserver nor the kubelet negotiates compression.
    perMessageDeflate: false,
    handleProtocols: (offered) =>
      offered.has(SUPPORTED_PROTOCOLS.v5) ? SUPPORTED_PROTOCOLS.v5 : offered.has(SUPPORTED_PROTOCOLS.v4) ? SUPPORTED_PROTOCOLS.v4 : false,
  });
  return upgrader;
}

/** Handles an HTTP upgrade (or plain request) for .../namespaces/{ns}/pods/{name}/exec. Writes a Status error on bad input; never throws. */
export function handleExecUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  pod: PodLike,
  query: URLSearchParams,
  options: ExecOptions,
): void {
  try {
    route(req, socket, head, pod, query, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    writeStatusError(socket, 500, 'InternalError', `Internal error occurred: ${message}`);
  }
}

/**
 * The checks in the order a real request meets them: kube-apiserver's PodExecOptions and
 * container checks, its choice between the v5 stream translator and the kubelet proxy, then the
 * kubelet's own refusals, which v5 clients see as a Status after the upgrade (the translator
 * upgrades before it dials the kubelet) and v4 clients as the kubelet's plain-text HTTP error.
 */
function route(req: IncomingMessage, socket: Duplex, head: Buffer, pod: PodLike, query: URLSearchParams, options: ExecOptions): void {
  const parsed = parseExecRequest(pod, query);
  if (!parsed.ok) {
    writeStatusError(socket, 400, 'BadRequest', parsed.message);
    return;
  }
  const request = parsed.value;
  if (!isWebSocketUpgrade(req)) {
    const message = req.headers.upgrade
      ? `unable to upgrade connection: ${req.headers.upgrade} is not served by this emulator; use WebSocket (${SUPPORTED_PROTOCOLS.v5})`
      : 'Upgrade request required';
    writeStatusError(socket, 400, 'BadRequest', message);
    return;
  }
  const offered = offeredProtocols(req);
  const flavor = chooseFlavor(offered);
  if (!flavor) {
    const supported = `[${SUPPORTED_PROTOCOLS.v5} ${SUPPORTED_PROTOCOLS.v4}]`;
    writeStatusError(socket, 400, 'BadRequest', `requested protocol(s) are not supported: [${offered.join(' ')}]; supports ${supported}`);
    return;
  }
  const refusal = kubeletRefusal(pod, request);
  if (refusal && flavor === 'v4') {
    writeKubeletError(socket, refusal.code, refusal.message);
    return;
  }
  if (refusal) {
    const status = internalErrorStatus(flavor, `unable to upgrade connection: ${refusal.message}`, false);
    webSocketServer().handleUpgrade(req, socket, head, (ws) => refuseSession(ws, request, status));
    return;
  }
  const namespace = pod.metadata?.namespace ?? '';
  const podName = pod.metadata?.name ?? '';
  const place = prepareProcessPlace({
    scratchRoot: options.scratchRoot,
    cluster: options.cluster,
    namespace,
    pod: podName,
    container: request.container,
    tty: request.tty,
    extraEnv: options.env,
  });
  if ('error' in place) {
    writeStatusError(socket, 500, 'InternalError', `Internal error occurred: ${place.error}`);
    return;
  }
  webSocketServer().handleUpgrade(req, socket, head, (ws) =>
    runExecSession({
      ws,
      flavor,
      request,
      place,
      register: (session) => registerSession(options.cluster, namespace, podName, session),
    }),
  );
}
