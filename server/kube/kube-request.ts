/**
 * Plain requests to a cluster's API server with the credentials and TLS settings client-node derives
 * from the kubeconfig context (tokens, client certificates, CA data, exec plugins).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { applyCaller, type ClusterCaller } from './cluster-caller.js';
import type { GatewayCluster } from './clusters.js';

/** A response from the API server: status and parsed JSON (or the raw text when it is not JSON). */
export interface KubeResponse {
  status: number;
  body: unknown;
}

/** Options of one request. */
export interface KubeRequestOptions {
  method?: string;
  body?: string;
  contentType?: string;
  timeoutMs?: number;
  /** Who the request goes as; default the gateway itself. */
  caller?: ClusterCaller;
}

/** Sends one request to `path` (with query) on the cluster's API server. */
export async function kubeRequest(cluster: GatewayCluster, path: string, options: KubeRequestOptions = {}): Promise<KubeResponse> {
  const server = cluster.kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new Error(`cluster ${cluster.name} has no server`);
  const url = new URL(server.replace(/\/+$/, '') + path);
  const requestOptions: RequestOptions = {
    method: options.method ?? 'GET',
    headers: { Accept: 'application/json', ...(options.body !== undefined ? { 'Content-Type': options.contentType ?? 'application/json' } : {}) },
  };
  await cluster.kubeConfig.applyToHTTPSOptions(requestOptions);
  if (options.caller) applyCaller(requestOptions, options.caller);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, requestOptions, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          // Not JSON: the caller gets the text.
        }
        resolve({ status: res.statusCode ?? 502, body });
      });
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`request to ${cluster.name} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
