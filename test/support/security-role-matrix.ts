/**
 * Role × action × scope (DESIGN §5, §8): viewer, operator and admin, and users limited to a
 * namespace and/or a cluster, against watch (pods, secrets, "" and "*" subscriptions, cluster-scoped
 * types, live events), REST reads and writes, logs, terminal and the audit API, inside and outside
 * their limits. Every object a watch delivers is checked against the user's scope.
 */
import type { WatchKey } from '../../src/core/protocol.ts';
import { sanitizeBody } from '../../server/kube/sanitize.ts';
import { carry, openEndpoint, rest, type SocketEndpoint, type SocketTarget, type WatchFrame } from './security-client.ts';
import type { Evidence } from './security-evidence.ts';
import { inParallel, type Cell } from './security-grid.ts';
import { leakedNamespaces, objectEvents, scopedWatchOutcome, secretValues } from './security-scope.ts';
import { probeSocket } from './security-socket.ts';
import { auditTasks, pagedAuditTask } from './security-audit-cells.ts';
import { cellOf, CLUSTERS, clusterAllowed, NAMESPACES, placeId, placesOf, restExpected, SECRET, secretsSeen, setUpRoleFixtures, type Fixtures, type Place, type Task } from './security-role-fixtures.ts';
import { hasRole, identityOf, mayRead, PERSONAS, tokenOf, type Persona, type World } from './security-world.ts';

/** Subscribes `key` as `p` and returns the outcome with every delivered object checked against the scope. */
async function watchAs(world: World, p: Persona, key: WatchKey, evidence: Evidence): Promise<{ outcome: string; objects: WatchFrame['object'][] }> {
  const target: SocketTarget = { cluster: key.cluster, namespace: key.namespace, pod: '', container: '', watch: key };
  const result = await openEndpoint(world.dev.wsUrl, 'watch', target, carry('bearer', tokenOf(world, p.name)), evidence);
  return { outcome: scopedWatchOutcome(result, key, p), objects: objectEvents(result).map((f) => f.object) };
}

/** The watch cells of one user and place. */
function watchTasks(world: World, p: Persona, scope: string, place: Place, evidence: Evidence): Task[] {
  const readable = mayRead(p, place.cluster, place.namespace);
  return [
    async () => {
      const { outcome } = await watchAs(world, p, { ...place, resource: 'pods' }, evidence);
      return [cellOf(p, 'watch pods', scope, readable ? 'ok' : 'ERROR 403', outcome)];
    },
    async () => {
      const { outcome, objects } = await watchAs(world, p, { ...place, resource: 'secrets' }, evidence);
      const expected = readable ? secretsSeen(p) : 'ERROR 403';
      return [cellOf(p, 'watch secrets', scope, expected, outcome === 'ok' ? secretValues(objects) : outcome)];
    },
  ];
}

/** REST, logs and terminal cells of one user and place. */
function accessTasks(world: World, p: Persona, scope: string, place: Place, fixtures: Fixtures, evidence: Evidence): Task[] {
  const token = tokenOf(world, p.name);
  const base = `/api/v1/clusters/${place.cluster}`;
  const readable = mayRead(p, place.cluster, place.namespace);
  const pod = fixtures.pods.get(placeId(place));
  const socket = (endpoint: SocketEndpoint, expected: string): Task => async () => {
    if (!pod) throw new Error(`no pod in ${placeId(place)}`);
    const result = await openEndpoint(world.dev.wsUrl, endpoint, { ...place, ...pod }, carry('bearer', token), evidence);
    return [cellOf(p, endpoint, scope, expected, result.outcome)];
  };
  return [
    async () => {
      const res = await rest(world.dev.url, 'GET', `${base}/secrets/${SECRET[place.namespace] ?? ''}?namespace=${place.namespace}`, { bearer: token }, evidence);
      const expected = restExpected(p, place, false, secretsSeen(p));
      return [cellOf(p, 'REST GET secret', scope, expected, res.status === 200 ? secretValues([res.json as WatchFrame['object']]) : res.outcome)];
    },
    async () => {
      const res = await rest(world.dev.url, 'GET', `${base}/secrets?namespace=${place.namespace}`, { bearer: token }, evidence);
      const items = res.status === 200 ? (res.json as { items: WatchFrame['object'][] }).items : [];
      return [cellOf(p, 'REST list secrets', scope, restExpected(p, place, false, secretsSeen(p)), res.status === 200 ? secretValues(items) : res.outcome)];
    },
    async () => {
      const res = await rest(world.dev.url, 'GET', `${base}/pods?namespace=${place.namespace}`, { bearer: token }, evidence);
      const items = res.status === 200 ? (res.json as { items: { metadata: { namespace: string } }[] }).items : [];
      const stray = items.filter((i) => i.metadata.namespace !== place.namespace).length;
      return [cellOf(p, 'REST list pods', scope, restExpected(p, place, false, '200'), stray > 0 ? `leak: ${stray} objects` : res.outcome)];
    },
    socket('logs', readable ? 'ok' : '4403'),
    socket('terminal', readable && hasRole(p, 'operator') ? 'ok' : '4403'),
    async () => {
      const q = `?namespace=${place.namespace}`;
      const created = await rest(world.dev.url, 'POST', `${base}/configmaps${q}`, { bearer: token, body: { metadata: { name: `sec-new-${p.name}` } } }, evidence);
      const patched = await rest(world.dev.url, 'PATCH', `${base}/configmaps/sec-target-${p.name}${q}`, { bearer: token, body: { data: { v: '2' } }, contentType: 'application/merge-patch+json' }, evidence);
      const deleted = await rest(world.dev.url, 'DELETE', `${base}/configmaps/sec-target-${p.name}${q}`, { bearer: token }, evidence);
      return [
        cellOf(p, 'REST create', scope, restExpected(p, place, true, '201'), created.outcome),
        cellOf(p, 'REST patch', scope, restExpected(p, place, true, '200'), patched.outcome),
        cellOf(p, 'REST delete', scope, restExpected(p, place, true, '200'), deleted.outcome),
      ];
    },
  ];
}

/** The subscriptions beyond one namespace: "" , "*", both, cluster-scoped types, and their REST twins. */
function wideTasks(world: World, p: Persona, inside: Place, evidence: Evidence): Task[] {
  const all = mayRead(p, inside.cluster, '');
  const watch = (scope: string, key: WatchKey, expected: string): Task => async () => {
    const { outcome, objects } = await watchAs(world, p, key, evidence);
    const cells = [cellOf(p, 'watch, wide', scope, expected, outcome)];
    // Secrets inside "*" are redacted like a secrets subscription.
    if (key.resource === '*' && outcome === 'ok') cells.push(cellOf(p, 'watch secrets', scope, secretsSeen(p), secretValues(objects)));
    return cells;
  };
  const restWide = (scope: string, path: string): Task => async () => {
    const res = await rest(world.dev.url, 'GET', `/api/v1/clusters/${inside.cluster}/${path}`, { bearer: tokenOf(world, p.name) }, evidence);
    return [cellOf(p, 'REST list, wide', scope, all ? '200' : '403', res.outcome)];
  };
  return [
    watch('pods in ""', { cluster: inside.cluster, namespace: '', resource: 'pods' }, all ? 'ok' : 'ERROR 403'),
    watch('"*" in own ns', { ...inside, resource: '*' }, 'ok'),
    watch('"*" in ""', { cluster: inside.cluster, namespace: '', resource: '*' }, all ? 'ok' : 'ERROR 403'),
    watch('nodes in ""', { cluster: inside.cluster, namespace: '', resource: 'nodes' }, all ? 'ok' : 'ERROR 403'),
    watch('namespaces in ""', { cluster: inside.cluster, namespace: '', resource: 'namespaces' }, all ? 'ok' : 'ERROR 403'),
    // A cluster-scoped type asked for in one namespace: the subscription is allowed and must show nothing.
    watch('nodes in own ns', { ...inside, resource: 'nodes' }, 'ok'),
    restWide('pods in ""', 'pods'),
    restWide('nodes in ""', 'nodes'),
  ];
}

/**
 * Live events after the snapshot: a secret created in another namespace must not arrive, one in the
 * subscribed namespace must (it is the barrier that proves the other one had its chance).
 */
function liveTask(world: World, p: Persona, inside: Place, evidence: Evidence): Task {
  return async () => {
    const key: WatchKey = { ...inside, resource: '*' };
    const marker = `sec-live-${p.name}`;
    let synced: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (synced = resolve));
    const trace = probeSocket(
      `${world.dev.wsUrl}/api/v1/ws/watch`,
      {
        headers: { Authorization: `Bearer ${tokenOf(world, p.name)}` },
        send: [JSON.stringify({ action: 'subscribe', ...key })],
        until: (texts) => {
          if (texts.some((t) => /^\{"type":"(SYNCED|ERROR)"/.test(t))) synced();
          return texts.some((t) => t.includes(`"name":"${marker}-in"`));
        },
      },
      evidence,
    );
    await ready;
    const admin = world.dev.adminToken;
    const outside = NAMESPACES.find((n) => n !== inside.namespace) ?? 'default';
    // A secret in another namespace, then one in the subscribed namespace: the barrier, whose values are checked too.
    for (const [ns, suffix] of [[outside, 'out'], [inside.namespace, 'in']] as const) {
      const body = { metadata: { name: `${marker}-${suffix}` }, data: { key: Buffer.from(`live-${suffix}`).toString('base64') } };
      await rest(world.dev.url, 'POST', `/api/v1/clusters/${inside.cluster}/secrets?namespace=${ns}`, { bearer: admin, body }, evidence);
    }
    const result = { outcome: 'ok', trace: await trace };
    const events = objectEvents(result);
    const leaked = leakedNamespaces(events, key, p);
    const barrier = events.filter((f) => f.object?.metadata?.name === `${marker}-in`).map((f) => f.object);
    return [
      cellOf(p, 'watch, wide', 'live "*" in own ns', 'ok', leaked.length > 0 ? `leak: ${leaked.join(',')}` : barrier.length > 0 ? 'ok' : 'no live event'),
      cellOf(p, 'watch secrets', 'live "*" in own ns', secretsSeen(p), secretValues(barrier)),
    ];
  };
}

/**
 * A SecretList as a real API server sends it, items without `kind` (the emulator adds it, so the
 * HTTP cells alone cannot tell): the REST API's redaction must go by the list's kind.
 */
function bareListTask(p: Persona): Task {
  return async () => {
    const list = { kind: 'SecretList', apiVersion: 'v1', items: [{ metadata: { name: 'bare', namespace: 'default' }, data: { key: Buffer.from('bare-value').toString('base64') } }] };
    const seen = sanitizeBody(list, identityOf(p)) as { items: WatchFrame['object'][] };
    return [cellOf(p, 'REST list secrets', 'items without kind', secretsSeen(p), secretValues(seen.items.map((i) => ({ ...i, kind: 'Secret' }))))];
  };
}

/**
 * A write whose URL names the user's own namespace and whose body names another: the namespace check
 * goes by the URL, so the API server must refuse the mismatch (400), and nothing may appear in the
 * other namespace.
 */
function smuggleTask(world: World, p: Persona, inside: Place, evidence: Evidence): Task {
  return async () => {
    const other = NAMESPACES.find((n) => n !== inside.namespace) ?? 'default';
    const name = `sec-smuggled-${p.name}`;
    const base = `/api/v1/clusters/${inside.cluster}/configmaps`;
    const res = await rest(world.dev.url, 'POST', `${base}?namespace=${inside.namespace}`, { bearer: tokenOf(world, p.name), body: { metadata: { name, namespace: other } } }, evidence);
    const landed = await rest(world.dev.url, 'GET', `${base}/${name}?namespace=${other}`, { bearer: world.dev.adminToken }, evidence);
    const expected = hasRole(p, 'operator') ? '400' : '403';
    return [cellOf(p, 'REST create', 'body names other ns', expected, landed.status === 200 ? `created in ${other}` : res.outcome)];
  };
}

/**
 * The cluster list names only the clusters the user may use, and a hidden cluster's resource types
 * answer 404 like an unknown cluster's (DESIGN §8: its existence is not revealed).
 */
function clusterTasks(world: World, p: Persona, places: readonly [string, Place][], evidence: Evidence): Task[] {
  const token = tokenOf(world, p.name);
  const listed: Task = async () => {
    const res = await rest(world.dev.url, 'GET', '/api/v1/clusters', { bearer: token }, evidence);
    const names = res.status === 200 ? (res.json as { name: string }[]).map((c) => c.name).join(',') : res.outcome;
    return [cellOf(p, 'REST clusters', 'inside', CLUSTERS.filter((c) => clusterAllowed(p, c)).join(','), names)];
  };
  const resources = places
    .filter(([scope]) => scope !== 'other namespace')
    .map(([scope, place]): Task => async () => {
      const res = await rest(world.dev.url, 'GET', `/api/v1/clusters/${place.cluster}/resources`, { bearer: token }, evidence);
      return [cellOf(p, 'REST resources', scope, clusterAllowed(p, place.cluster) ? '200' : '404', res.outcome)];
    });
  return [listed, ...resources];
}

/** A ticket carries its user's role and limits, not more: the same answers as the token, through a ticket. */
function ticketTasks(world: World, p: Persona, places: readonly [string, Place][], fixtures: Fixtures, evidence: Evidence): Task[] {
  const viaTicket = async (endpoint: SocketEndpoint, place: Place): Promise<string> => {
    const res = await rest(world.dev.url, 'POST', '/api/v1/auth/ws-ticket', { bearer: tokenOf(world, p.name) }, evidence);
    const ticket = evidence.secret('ticket', String((res.json as { ticket?: unknown }).ticket));
    const pod = fixtures.pods.get(placeId(place)) ?? { pod: '', container: '' };
    return (await openEndpoint(world.dev.wsUrl, endpoint, { ...place, ...pod }, carry('query', ticket), evidence)).outcome;
  };
  return places.flatMap(([scope, place]) => {
    const readable = mayRead(p, place.cluster, place.namespace);
    return [
      async () => [cellOf(p, 'watch pods (ticket)', scope, readable ? 'ok' : 'ERROR 403', await viaTicket('watch', place))],
      async () => [cellOf(p, 'terminal (ticket)', scope, readable && hasRole(p, 'operator') ? 'ok' : '4403', await viaTicket('terminal', place))],
    ];
  });
}

/** Every cell of the role matrix. */
export async function roleCells(world: World, evidence: Evidence): Promise<Cell[]> {
  const fixtures = await setUpRoleFixtures(world, evidence);
  const tasks: Task[] = [];
  for (const p of PERSONAS.filter((x) => x.name !== 'rita')) {
    const places = placesOf(p);
    for (const [scope, place] of places) tasks.push(...watchTasks(world, p, scope, place, evidence), ...accessTasks(world, p, scope, place, fixtures, evidence));
    const inside = places[0]?.[1] ?? { cluster: 'prod-us', namespace: 'default' };
    tasks.push(...wideTasks(world, p, inside, evidence), liveTask(world, p, inside, evidence), bareListTask(p), ...ticketTasks(world, p, places, fixtures, evidence), ...clusterTasks(world, p, places, evidence), smuggleTask(world, p, inside, evidence), ...auditTasks(world, p, places, fixtures, evidence));
  }
  const cells = (await inParallel(tasks, 6)).flat();
  const paged = await inParallel(
    PERSONAS.filter((x) => x.name !== 'rita').map((p) => pagedAuditTask(world, p, evidence)),
    6,
  );
  return [...cells, ...paged.flat()];
}
