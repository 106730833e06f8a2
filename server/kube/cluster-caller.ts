/**
 * Who a request to a cluster goes as, and how that is put on the request: the gateway's own
 * credentials, the gateway impersonating the signed-in user, or the user's own bearer token.
 * Applied after client-node has applied the kubeconfig, so every path (REST, exec, logs) shares it.
 */
import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Identity } from '../auth/roles.js';
import type { ClusterTokenStore } from '../store/cluster-tokens.js';
import type { ClusterAuthMode } from './cluster-auth-mode.js';

/** The identity a request to a cluster carries. */
export type ClusterCaller =
  | { readonly kind: 'gateway' }
  | { readonly kind: 'impersonate'; readonly user: string; readonly groups: readonly string[] }
  | { readonly kind: 'bearer'; readonly token: string; readonly session: string };

/** The gateway's own identity: shared watch caches and `service-account` clusters. */
export const GATEWAY_CALLER: ClusterCaller = Object.freeze({ kind: 'gateway' });

/** The reason of the 401 a `passthrough` cluster answers for a session that gave no token for it. */
export const CLUSTER_TOKEN_REQUIRED = 'ClusterTokenRequired';

/** A caller for `identity` on a cluster in `mode`, or the 401 message when the user's own token is missing. */
export async function callerFor(mode: ClusterAuthMode, cluster: string, identity: Identity, tokens: ClusterTokenStore): Promise<ClusterCaller | { missing: string }> {
  if (mode === 'service-account') return GATEWAY_CALLER;
  if (mode === 'impersonate') return { kind: 'impersonate', user: identity.user, groups: identity.groups ?? [] };
  const token = identity.session ? await tokens.get(identity.session, cluster) : null;
  if (!token || !identity.session) return { missing: `cluster "${cluster}" needs your own token: PUT /api/v1/auth/cluster-tokens/${cluster}` };
  return { kind: 'bearer', token, session: identity.session };
}

/** Request options as client-node leaves them after applying a kubeconfig (https and ws share this shape). */
export interface CallerOptions {
  headers?: OutgoingHttpHeaders | readonly string[];
  agent?: unknown;
  auth?: string | null;
  cert?: unknown;
  key?: unknown;
  pfx?: unknown;
  passphrase?: string | undefined;
  ca?: unknown;
  rejectUnauthorized?: boolean | undefined;
  servername?: string | undefined;
}

const IMPERSONATION = /^impersonate-/i;
const BEARER_DROPS = /^(impersonate-|authorization$)/i;

/** Node accepts headers as an object or as a flat [name, value, ...] list. */
function headerEntries(headers: CallerOptions['headers']): [string, OutgoingHttpHeaders[string]][] {
  if (!headers) return [];
  if (!Array.isArray(headers)) return Object.entries(headers as OutgoingHttpHeaders);
  const list = headers as readonly string[];
  const entries: [string, string][] = [];
  for (let i = 0; i + 1 < list.length; i += 2) entries.push([list[i] as string, list[i + 1] as string]);
  return entries;
}

/** Makes `opts` carry `caller`'s identity instead of (or on top of) the kubeconfig's. */
export function applyCaller(opts: CallerOptions, caller: ClusterCaller): void {
  if (caller.kind === 'gateway') return;
  const headers: OutgoingHttpHeaders = {};
  // A kubeconfig's own `as:` must not survive: the request is the signed-in user's or nobody's; with
  // the user's own token, neither may the kubeconfig's Authorization.
  const dropped = caller.kind === 'bearer' ? BEARER_DROPS : IMPERSONATION;
  for (const [name, value] of headerEntries(opts.headers)) if (!dropped.test(name)) headers[name] = value;
  if (caller.kind === 'impersonate') {
    headers['Impersonate-User'] = caller.user;
    if (caller.groups.length > 0) headers['Impersonate-Group'] = [...caller.groups];
  } else {
    // The user's token alone: a client certificate would authenticate the gateway instead, and the
    // agent client-node built holds that certificate, so the request gets one that only verifies the
    // server (fetch-based callers take TLS settings from the agent alone).
    if (opts.agent instanceof HttpsAgent) opts.agent = new HttpsAgent({ ca: opts.ca as string | Buffer | undefined, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername });
    else delete opts.agent;
    delete opts.auth;
    delete opts.cert;
    delete opts.key;
    delete opts.pfx;
    delete opts.passphrase;
    headers.Authorization = `Bearer ${caller.token}`;
  }
  opts.headers = headers;
}

/** A key that tells callers apart for caches: the same key means the cluster sees the same identity. */
export function callerKey(caller: ClusterCaller): string {
  if (caller.kind === 'gateway') return 'gateway';
  if (caller.kind === 'impersonate') return `as\n${caller.user}\n${[...caller.groups].sort().join('\n')}`;
  // By the token, not the session: a session that swaps its token must not keep the old token's answers.
  return `bearer\n${createHash('sha256').update(caller.token).digest('base64url')}`;
}

/**
 * The kubeconfig as `caller` sees the cluster: client-node's Exec and Log (and anything else that
 * applies the kubeconfig to its request options) then go as the user.
 */
export function asCaller(kubeConfig: KubeConfig, caller: ClusterCaller): KubeConfig {
  if (caller.kind === 'gateway') return kubeConfig;
  const seen = Object.create(kubeConfig) as KubeConfig;
  seen.applyToHTTPSOptions = async (opts) => {
    await kubeConfig.applyToHTTPSOptions(opts);
    applyCaller(opts as CallerOptions, caller);
  };
  return seen;
}
