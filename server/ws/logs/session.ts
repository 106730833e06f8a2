/**
 * One log socket from admission to close: the checks of DESIGN §3 in their order (names and query
 * 4400 before any cluster call, cluster 4404, RBAC 4403), the pod read (bounded by
 * `limits.clusterAnswerSeconds`) that picks the default container, then client-node's `Log` piped into a {@link SocketSink}. Whoever ends first, the client,
 * the log, a failure or the gateway's shutdown, the Kubernetes request is aborted with the socket.
 */
import { Log } from '@kubernetes/client-node';
import type { WebSocket } from 'ws';
import { allows, type Identity } from '../../auth/roles.js';
import { CloseCode, parseLogQuery, validatePodTarget, type LogQuery, type PodTarget } from '../../../src/core/protocol.js';
import type { GatewayContext } from '../context.js';
import { closeSocket } from '../socket-util.js';
import { asCaller } from '../../kube/cluster-caller.js';
import { chooseContainer, lookUpPod } from '../../kube/pod-lookup.js';
import { closeForFailure, closeForLogFailure, type CloseDecision } from './kube-errors.js';
import { kubeLogOptions } from './log-options.js';
import { SocketSink } from './socket-sink.js';

/** Tuning of the log endpoint; the defaults suit production. */
export interface LogsEndpointOptions {
  /** A paused stream whose client reads nothing for this long is closed with 4408. Default 10 s. */
  stallTimeoutMs?: number;
}

/** Socket bytes above which the cluster stream pauses, at most; a quarter of the send limit when that is smaller. */
const MAX_HIGH_WATER_MARK = 1024 * 1024;
/**
 * Shorter than the liveness check (two missed pings, at least 15 s with the default 30 s interval),
 * which cuts a client that stopped reading with 1006: this way it learns why (4408) instead.
 */
const DEFAULT_STALL_TIMEOUT_MS = 10_000;

/** The checked request of one log socket, or the close it gets. */
export type LogRequest = { ok: true; target: PodTarget; query: LogQuery } | { ok: false; close: CloseDecision };

/** Validates the path names and the query; nothing here reaches a cluster. */
export function parseLogRequest(target: PodTarget, search: URLSearchParams): LogRequest {
  const checked = validatePodTarget(target);
  if (!checked.ok) return { ok: false, close: { code: CloseCode.BadRequest, reason: checked.error } };
  const query = parseLogQuery(search);
  if (!query.ok) return { ok: false, close: { code: CloseCode.BadRequest, reason: query.error } };
  return { ok: true, target: checked.value, query: query.value };
}

/** Serves one admitted log socket until it closes. */
export async function serveLogSocket(socket: WebSocket, identity: Identity, parsed: LogRequest, ctx: GatewayContext, options: LogsEndpointOptions): Promise<void> {
  // A client that left during admission has had its close event already: nothing would end the stream.
  if (socket.readyState !== socket.OPEN) return;
  // Aborted when the socket ends for any reason; every Kubernetes request of this socket hangs on it.
  const done = new AbortController();
  const finish = ({ code, reason }: CloseDecision): void => {
    closeSocket(socket, code, reason);
    done.abort();
  };
  const onShutdown = (): void => finish({ code: CloseCode.GoingAway, reason: 'gateway shutting down' });
  socket.once('close', () => {
    ctx.shutdown.removeEventListener('abort', onShutdown);
    done.abort();
  });
  if (ctx.shutdown.aborted) return onShutdown();
  ctx.shutdown.addEventListener('abort', onShutdown, { once: true });

  if (!parsed.ok) return finish(parsed.close);
  const { target, query } = parsed;
  const cluster = ctx.clusters.get(target.cluster);
  if (!cluster) return finish({ code: CloseCode.NotFound, reason: `cluster "${target.cluster}" not found` });
  if (!allows(identity, 'read', target.cluster, target.namespace)) {
    return finish({ code: CloseCode.Forbidden, reason: `not allowed to read logs in ${target.cluster}/${target.namespace}` });
  }
  // On impersonate and passthrough clusters the cluster's RBAC has its say too, asked as the user.
  const admission = await ctx.access.check(cluster, identity, { verb: 'get', group: '', resource: 'pods', subresource: 'log', name: target.pod, namespace: target.namespace });
  if (done.signal.aborted) return;
  if (!admission.ok) return finish({ code: CloseCode.Forbidden, reason: admission.reason });

  const pod = await lookUpPod(cluster, target.namespace, target.pod, ctx.config.limits.clusterAnswerSeconds * 1000);
  if (done.signal.aborted) return;
  if (!pod.ok) return finish(closeForFailure(pod, `cannot read pod "${target.pod}"${pod.status === 0 ? ' (no answer)' : ''}`));
  const choice = chooseContainer(pod, target.pod, query.container);
  if (!choice.ok) return finish({ code: CloseCode.NotFound, reason: choice.error });
  const container = choice.container;

  const limit = ctx.config.limits.sendBufferBytes;
  const meter = ctx.metrics.meter('logs');
  const sink = new SocketSink({
    socket,
    highWaterMark: Math.min(MAX_HIGH_WATER_MARK, Math.floor(limit / 4)),
    sendLimit: limit,
    stallTimeoutMs: options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
    meter,
    onEnd: () => finish({ code: CloseCode.Normal, reason: 'log ended' }),
    onSourceFailed: (error) => {
      // The abort of a socket that already ended breaks the response too; only a cut while live is news.
      if (done.signal.aborted) return;
      ctx.log.warn({ err: error, cluster: target.cluster, namespace: target.namespace, pod: target.pod }, 'log stream from the cluster broke off');
      finish({ code: CloseCode.InternalError, reason: 'the log stream from the cluster broke off' });
    },
    onStall: () => {
      meter.slowConsumer();
      finish({ code: CloseCode.SlowConsumer, reason: 'slow consumer: too far behind' });
    },
  });
  const streamEnded = ctx.metrics.logStreamStarted();
  done.signal.addEventListener(
    'abort',
    () => {
      streamEnded();
      sink.destroy();
    },
    { once: true },
  );

  const logOptions = kubeLogOptions(query, Date.now());
  try {
    const kubeRequest = await new Log(asCaller(cluster.kubeConfig, admission.caller)).log(target.namespace, target.pod, container, sink, logOptions);
    // The client may have left while the response headers were on their way.
    if (done.signal.aborted) kubeRequest.abort();
    else done.signal.addEventListener('abort', () => kubeRequest.abort(), { once: true });
  } catch (error) {
    if (done.signal.aborted) return;
    finish(await closeForLogFailure(cluster, admission.caller, { namespace: target.namespace, pod: target.pod, container, previous: logOptions.previous ?? false }, error));
  }
}
