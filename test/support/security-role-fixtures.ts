/**
 * The users' places (inside their limits, another namespace, another cluster), the expected REST
 * answers by DESIGN §8, and the objects and sessions the role matrix acts on.
 */
import { carry, openEndpoint, rest, type SocketTarget } from './security-client.ts';
import type { Evidence } from './security-evidence.ts';
import type { Cell } from './security-grid.ts';
import { hasRole, mayRead, PERSONAS, tokenOf, type Persona, type World } from './security-world.ts';

/** A cluster and namespace a cell acts in. */
export interface Place {
  readonly cluster: string;
  readonly namespace: string;
}

/** The emulator's clusters. */
export const CLUSTERS = ['prod-us', 'staging-eu'];
/** The namespaces the cells use. */
export const NAMESPACES = ['default', 'shop'];
/** The secret the cells read in each namespace (`shop-api-key` is created by the setup). */
export const SECRET: Record<string, string> = { default: 'db-credentials', shop: 'shop-api-key' };

/** A user's own place, another namespace of its cluster, and its namespace in another cluster. */
export function placesOf(p: Persona): [scope: string, place: Place][] {
  const cluster = p.clusters?.[0] ?? 'prod-us';
  const namespace = p.namespaces?.[0] ?? 'default';
  const other = (list: readonly string[], one: string): string => list.find((x) => x !== one) ?? one;
  return [
    ['inside', { cluster, namespace }],
    ['other namespace', { cluster, namespace: other(NAMESPACES, namespace) }],
    ['other cluster', { cluster: other(CLUSTERS, cluster), namespace }],
  ];
}

/** How secret values reach `p`: in the clear from operator up, blanked below (DESIGN §5). */
export const secretsSeen = (p: Persona): string => (hasRole(p, 'operator') ? 'values' : 'redacted');

/** True when `p` may use `cluster` at all. */
export const clusterAllowed = (p: Persona, cluster: string): boolean => !p.clusters || p.clusters.includes(cluster);

/** The REST status DESIGN §8 gives: 404 for a cluster the user may not use (it is not revealed), 403 outside its namespaces or role. */
export function restExpected(p: Persona, place: Place, needsOperator: boolean, success: string): string {
  if (!clusterAllowed(p, place.cluster)) return '404';
  return mayRead(p, place.cluster, place.namespace) && (!needsOperator || hasRole(p, 'operator')) ? success : '403';
}

/** What the setup made for the cells: a running pod per place, and a recorded session per cluster. */
export interface Fixtures {
  readonly pods: ReadonlyMap<string, { pod: string; container: string }>;
  readonly recordings: ReadonlyMap<string, string>;
}

/** `cluster/namespace`, the key of a place in the fixtures. */
export const placeId = (place: Place): string => `${place.cluster}/${place.namespace}`;

/**
 * Creates what the cells need: a secret in `shop` of each cluster, a configmap to patch and delete
 * per user and place, and a recorded terminal session per cluster (opened through a ticket).
 */
export async function setUpRoleFixtures(world: World, evidence: Evidence): Promise<Fixtures> {
  const admin = world.dev.adminToken;
  const pods = new Map<string, { pod: string; container: string }>();
  for (const cluster of CLUSTERS) {
    await rest(world.dev.url, 'POST', `/api/v1/clusters/${cluster}/secrets?namespace=shop`, { bearer: admin, body: { metadata: { name: SECRET.shop }, data: { key: Buffer.from('shop-key').toString('base64') } } }, evidence);
    for (const namespace of NAMESPACES) {
      const list = await rest(world.dev.url, 'GET', `/api/v1/clusters/${cluster}/pods?namespace=${namespace}`, { bearer: admin }, evidence);
      const items = (list.json as { items: { metadata: { name: string }; spec: { containers: { name: string }[] }; status?: { phase?: string } }[] }).items;
      const running = items.find((i) => i.status?.phase === 'Running');
      if (!running) throw new Error(`no running pod in ${cluster}/${namespace}`);
      pods.set(placeId({ cluster, namespace }), { pod: running.metadata.name, container: running.spec.containers[0]?.name ?? '' });
    }
  }
  for (const p of PERSONAS) {
    for (const [, place] of placesOf(p)) {
      await rest(world.dev.url, 'POST', `/api/v1/clusters/${place.cluster}/configmaps?namespace=${place.namespace}`, { bearer: admin, body: { metadata: { name: `sec-target-${p.name}` }, data: { v: '1' } } }, evidence);
    }
  }
  // A session to download in each cluster: through a ticket, as the kit opens terminals.
  const recordings = new Map<string, string>();
  for (const cluster of CLUSTERS) {
    const ticket = await rest(world.dev.url, 'POST', '/api/v1/auth/ws-ticket', { bearer: tokenOf(world, 'alice') }, evidence);
    const target: SocketTarget = { cluster, namespace: 'default', pod: 'my-pod', container: 'app' };
    await openEndpoint(world.dev.wsUrl, 'terminal', target, carry('query', evidence.secret('ticket', String((ticket.json as { ticket: unknown }).ticket))), evidence);
    const sessions = await rest(world.dev.url, 'GET', `/api/v1/audit/terminal-sessions?cluster=${cluster}`, { bearer: admin }, evidence);
    const id = (sessions.json as { items: { id: string }[] }).items[0]?.id;
    if (!id) throw new Error(`no terminal session was recorded in ${cluster}`);
    recordings.set(cluster, id);
  }
  return { pods, recordings };
}

/** A unit of work of the matrix that yields its cells. */
export type Task = () => Promise<Cell[]>;

/** A cell of the role matrix: the user (with its role and limits), the action and the scope. */
export function cellOf(p: Persona, action: string, scope: string, expected: string, actual: string): Cell {
  return { coords: { user: `${p.name} (${p.role}${p.clusters ? ` ${p.clusters.join(',')}` : ''}${p.namespaces ? ` ns ${p.namespaces.join(',')}` : ''})`, action, scope }, expected, actual };
}
