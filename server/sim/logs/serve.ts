/**
 * GET /api/v1/namespaces/{ns}/pods/{name}/log: kube-apiserver's checks in its order (query conversion
 * 400, option validation 422, container choice 400, unscheduled pod 204), then the kubelet's choice of
 * container instance (400 with its message), then the log itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from '../errors.js';
import { sendStatus } from '../http-util.js';
import { chooseContainer } from './container-choice.js';
import { goQuote } from './go-strconv.js';
import { chooseInstance } from './kubelet-choice.js';
import { decodeLogOptions, validateLogOptions } from './options.js';
import type { PodLike } from './pod.js';
import type { LogRegistry } from './registry.js';
import { streamLog } from './stream.js';

/** Serves GET .../namespaces/{ns}/pods/{name}/log for `pod` (a Pod JSON object from the store). */
export function servePodLog(_req: IncomingMessage, res: ServerResponse, pod: PodLike, query: URLSearchParams, registry: LogRegistry): void {
  const name = pod.metadata.name;
  const namespace = pod.metadata.namespace ?? 'default';
  const decoded = decodeLogOptions(query);
  if (!decoded.ok) return sendStatus(res, decoded.status);
  const options = decoded.options;
  const invalid = validateLogOptions(options, name);
  if (invalid) return sendStatus(res, invalid);
  const choice = chooseContainer(pod, options.container);
  if (!choice.ok) return sendStatus(res, choice.status);
  if (!pod.spec?.nodeName) {
    // LogLocation has no kubelet to ask, and the stream handler answers an empty location with 204.
    res.writeHead(204);
    res.end();
    return;
  }
  const container = choice.container;
  const instance = chooseInstance(pod, container, options.previous, registry.now());
  if (!instance.ok) return sendStatus(res, badRequest(instance.message));
  // The pod status is the authority: a container the cluster never declared still gets a log.
  if (instance.state) registry.container(namespace, name, container, instance.state);
  const log = registry.log(namespace, name, container, instance.instance);
  if (!log) {
    const where = `container ${goQuote(container)} in pod ${goQuote(name)}`;
    return sendStatus(res, badRequest(instance.instance === 'previous' ? `previous terminated ${where} not found` : `${where} is not available`));
  }
  streamLog(res, log, options, registry.now);
}
