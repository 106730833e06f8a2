/**
 * The gateway's JSON config file (`--config FILE`) and its defaults: users with scrypt password
 * hashes and roles, allowed origins, cached resource types, recording and limits.
 */
import { readFileSync } from 'node:fs';
import { parseOidcConfig, type OidcConfig } from './auth/oidc-config.js';
import { isRole, type Role } from './auth/roles.js';
import { CLUSTER_AUTH_MODES, type ClusterAuthMode } from './kube/cluster-auth-mode.js';

/** A user who can log in. */
export interface UserConfig {
  name: string;
  /** From `npm run gateway -- hash-password`. */
  passwordHash: string;
  role: Role;
  /** Clusters this user may use; absent: all. */
  clusters?: string[];
  /** Namespaces this user may use; absent: all. */
  namespaces?: string[];
  /** Groups of the user, told to clusters in `impersonate` mode; absent: none. */
  groups?: string[];
}

/** Everything the gateway can be configured with. */
export interface GatewayConfig {
  users: UserConfig[];
  /** Browser origins allowed to open WebSockets and call the API; empty: the defaults of DESIGN §3. */
  allowedOrigins: string[];
  /** Resource types the watch endpoint caches and serves. */
  cachedResources: string[];
  recording: { enabled: boolean; dir: string; recordInput: boolean };
  /**
   * Prometheus metrics. Without `port`, `GET /metrics` is on the gateway's port and needs an admin
   * token; with it, only a separate listener on `host:port` serves them, without a token.
   */
  metrics: { enabled: boolean; port: number | null; host: string };
  limits: {
    /** Bytes buffered towards one client before it is closed with 4408. */
    sendBufferBytes: number;
    /** Largest incoming frame; larger closes with 1009. */
    maxFrameBytes: number;
    /** Open WebSockets per user before 4429. */
    connectionsPerUser: number;
    /** Terminal sessions without input or output for this long are closed. */
    terminalIdleSeconds: number;
    /** Time the cluster has to answer the pod lookup of a terminal or log socket, and a terminal's exec upgrade, before the socket fails with 1011. */
    clusterAnswerSeconds: number;
    /** Failed logins per user and address per minute. */
    loginAttemptsPerMinute: number;
    /** How long a cluster's answer to "may this user do that" (an access or rules review) is reused. */
    accessReviewSeconds: number;
  };
  /** Lifetime of access tokens. */
  tokenTtlSeconds: number;
  /** OpenID Connect issuers whose ID tokens are exchanged for access tokens; none by default. */
  oidc: OidcConfig;
  /** How each cluster (by name, `"*"` for the rest) sees the signed-in user; absent: `service-account`. */
  clusterAuth: Record<string, ClusterAuthMode>;
}

/** Types cached by default (DESIGN §5). */
export const DEFAULT_CACHED_RESOURCES = [
  'namespaces',
  'nodes',
  'pods',
  'services',
  'configmaps',
  'secrets',
  'events',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
  'ingresses',
  'persistentvolumeclaims',
  'customresourcedefinitions',
];

/** The configuration used when no file is given. */
export function defaultConfig(): GatewayConfig {
  return {
    users: [],
    allowedOrigins: [],
    cachedResources: [...DEFAULT_CACHED_RESOURCES],
    recording: { enabled: true, dir: 'recordings', recordInput: false },
    metrics: { enabled: true, port: null, host: '127.0.0.1' },
    limits: { sendBufferBytes: 8 * 1024 * 1024, maxFrameBytes: 64 * 1024, connectionsPerUser: 64, terminalIdleSeconds: 30 * 60, clusterAnswerSeconds: 15, loginAttemptsPerMinute: 10, accessReviewSeconds: 10 },
    tokenTtlSeconds: 3600,
    oidc: { issuers: [] },
    clusterAuth: {},
  };
}

function fail(path: string, message: string): never {
  throw new Error(`config ${path}: ${message}`);
}

function stringList(v: unknown, path: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) fail(path, 'must be a list of strings');
  return v;
}

function positive(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(path, 'must be a positive number');
  return v;
}

/** What a configured user name may be; a login naming anything else cannot succeed. */
export const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

function parseUser(v: unknown, i: number): UserConfig {
  const path = `users[${i}]`;
  if (typeof v !== 'object' || v === null) fail(path, 'must be an object');
  const u = v as Record<string, unknown>;
  if (typeof u.name !== 'string' || !USER_NAME.test(u.name)) fail(`${path}.name`, 'must be 1-64 letters, digits or ._@-');
  if (typeof u.passwordHash !== 'string' || !u.passwordHash.startsWith('scrypt$')) fail(`${path}.passwordHash`, 'must be a hash from "npm run gateway -- hash-password"');
  if (!isRole(u.role)) fail(`${path}.role`, 'must be viewer, operator or admin');
  const user: UserConfig = { name: u.name, passwordHash: u.passwordHash, role: u.role };
  if (u.clusters !== undefined) user.clusters = stringList(u.clusters, `${path}.clusters`);
  if (u.namespaces !== undefined) user.namespaces = stringList(u.namespaces, `${path}.namespaces`);
  if (u.groups !== undefined) user.groups = stringList(u.groups, `${path}.groups`);
  return user;
}

/** A TCP port number, 1-65535. */
function parsePort(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) fail(path, 'must be a port number (1-65535)');
  return v;
}

function parseMetrics(v: unknown): GatewayConfig['metrics'] {
  if (typeof v !== 'object' || v === null) fail('metrics', 'must be an object');
  const m = v as Record<string, unknown>;
  const metrics = defaultConfig().metrics;
  if (m.enabled !== undefined) metrics.enabled = m.enabled === true;
  if (m.port !== undefined && m.port !== null) metrics.port = parsePort(m.port, 'metrics.port');
  if (m.host !== undefined) metrics.host = typeof m.host === 'string' && m.host !== '' ? m.host : fail('metrics.host', 'must be a host name or address');
  return metrics;
}

function parseClusterAuth(v: unknown): Record<string, ClusterAuthMode> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('clusterAuth', 'must be an object of cluster name: mode');
  const modes: Record<string, ClusterAuthMode> = {};
  for (const [cluster, mode] of Object.entries(v)) {
    if (!(CLUSTER_AUTH_MODES as readonly unknown[]).includes(mode)) fail(`clusterAuth.${cluster}`, `must be one of ${CLUSTER_AUTH_MODES.join(', ')}`);
    modes[cluster] = mode as ClusterAuthMode;
  }
  return modes;
}

/** The way `cluster` sees the signed-in user: its own entry, else `"*"`, else `service-account`. */
export function clusterAuthModeOf(config: GatewayConfig, cluster: string): ClusterAuthMode {
  return config.clusterAuth[cluster] ?? config.clusterAuth['*'] ?? 'service-account';
}

/** Validates a parsed config object over the defaults; the error names the bad field. */
export function parseConfig(raw: unknown): GatewayConfig {
  const config = defaultConfig();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('', 'must be a JSON object');
  const c = raw as Record<string, unknown>;
  if (c.users !== undefined) {
    if (!Array.isArray(c.users)) fail('users', 'must be a list');
    config.users = c.users.map(parseUser);
  }
  if (c.allowedOrigins !== undefined) config.allowedOrigins = stringList(c.allowedOrigins, 'allowedOrigins');
  if (c.cachedResources !== undefined) config.cachedResources = stringList(c.cachedResources, 'cachedResources');
  if (c.tokenTtlSeconds !== undefined) config.tokenTtlSeconds = positive(c.tokenTtlSeconds, 'tokenTtlSeconds');
  if (c.recording !== undefined) {
    const r = c.recording as Record<string, unknown>;
    if (r.enabled !== undefined) config.recording.enabled = r.enabled === true;
    if (r.recordInput !== undefined) config.recording.recordInput = r.recordInput === true;
    if (r.dir !== undefined) config.recording.dir = typeof r.dir === 'string' ? r.dir : fail('recording.dir', 'must be a path');
  }
  if (c.metrics !== undefined) config.metrics = parseMetrics(c.metrics);
  if (c.oidc !== undefined) config.oidc = parseOidcConfig(c.oidc);
  if (c.clusterAuth !== undefined) config.clusterAuth = parseClusterAuth(c.clusterAuth);
  if (c.limits !== undefined) {
    const l = c.limits as Record<string, unknown>;
    for (const key of Object.keys(config.limits) as (keyof GatewayConfig['limits'])[]) {
      if (l[key] !== undefined) config.limits[key] = positive(l[key], `limits.${key}`);
    }
  }
  return config;
}

/** Reads and validates a config file. */
export function loadConfig(path: string): GatewayConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read config ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return parseConfig(raw);
}
