/**
 * The audit API in the role matrix: admins only, an admin limited to clusters sees only their
 * sessions, and a paged listing holds what the whole listing holds for the caller.
 */
import { rest } from './security-client.ts';
import type { Evidence } from './security-evidence.ts';
import type { Cell } from './security-grid.ts';
import { cellOf, clusterAllowed, type Fixtures, type Place, type Task } from './security-role-fixtures.ts';
import { hasRole, mayRead, tokenOf, type Persona, type World } from './security-world.ts';

/**
 * The audit API: admins only, and an admin limited to clusters sees only their sessions (a session
 * elsewhere answers 404, like an unknown one); every listed session is checked against the limits.
 */
export function auditTasks(world: World, p: Persona, places: readonly [string, Place][], fixtures: Fixtures, evidence: Evidence): Task[] {
  const token = tokenOf(world, p.name);
  const sessions = '/api/v1/audit/terminal-sessions';
  const admin = hasRole(p, 'admin');
  const list = async (scope: string, cluster: string | null): Promise<Cell[]> => {
    const res = await rest(world.dev.url, 'GET', cluster ? `${sessions}?cluster=${cluster}` : sessions, { bearer: token }, evidence);
    const items = res.status === 200 ? (res.json as { items: { cluster: string; namespace: string }[] }).items : [];
    const outside = items.filter((s) => (cluster !== null && s.cluster !== cluster) || !mayRead(p, s.cluster, s.namespace)).length;
    return [cellOf(p, 'audit list', scope, admin ? '200' : '403', outside > 0 ? `leak: ${outside} sessions` : res.outcome)];
  };
  const unfiltered: Task = () => list('unfiltered', null);
  return [unfiltered, ...places
    .filter(([scope]) => scope !== 'other namespace')
    .flatMap(([scope, { cluster }]): Task[] => {
      const id = fixtures.recordings.get(cluster) ?? '';
      const one = !admin ? '403' : clusterAllowed(p, cluster) ? '200' : '404';
      return [
        () => list(scope, cluster),
        async () => [cellOf(p, 'audit session', scope, one, (await rest(world.dev.url, 'GET', `${sessions}/${id}`, { bearer: token }, evidence)).outcome)],
        async () => [cellOf(p, 'recording', scope, one, (await rest(world.dev.url, 'GET', `${sessions}/${id}/recording`, { bearer: token }, evidence)).outcome)],
      ];
    })];
}

/**
 * Page by page with limit=1, the pages of a limited admin hold what the whole listing holds for
 * them, no more and no less. Run after every other cell: no session starts while it counts.
 */
export function pagedAuditTask(world: World, p: Persona, evidence: Evidence): Task {
  const token = tokenOf(world, p.name);
  const sessions = '/api/v1/audit/terminal-sessions';
  const admin = hasRole(p, 'admin');
  return async () => {
    const all = await rest(world.dev.url, 'GET', `${sessions}?limit=500`, { bearer: world.dev.adminToken }, evidence);
    const visible = (all.json as { items: { cluster: string; namespace: string }[] }).items.filter((s) => mayRead(p, s.cluster, s.namespace)).length;
    let seen = 0;
    let cursor: string | null = '';
    let outcome = '';
    for (let page = 0; cursor !== null && page <= visible; page++) {
      const res = await rest(world.dev.url, 'GET', `${sessions}?limit=1${cursor ? `&cursor=${cursor}` : ''}`, { bearer: token }, evidence);
      if (res.status !== 200) {
        outcome = res.outcome;
        break;
      }
      const body = res.json as { items: unknown[]; nextCursor: string | null };
      seen += body.items.length;
      cursor = body.nextCursor;
    }
    return [cellOf(p, 'audit list', 'paged, limit=1', admin ? `${visible} sessions` : '403', outcome || `${seen} sessions`)];
  };
}
