/**
 * What the terminal and log endpoints must answer before any session, in the order the protocol
 * documents: credential 4401, names and query 4400, cluster 4404, role 4403, pod and container
 * 4404. Name and query rules are the shared ones of src/core (the documented parsers).
 */
import { CloseCode, parseLogQuery, parseTerminalQuery, validatePodTarget } from '../../src/core/protocol.ts';
import type { PodSocketCase, QueryPair } from './cases.ts';
import { queryString } from './credentials.ts';

/** The clusters and the one pod (with its container) the emulator's world is known to have. */
const CLUSTERS = ['prod-us', 'staging-eu'];
const POD = { namespace: 'default', pod: 'my-pod', container: 'app' };

function decode(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** The close the case must get before a session starts, or null when it reaches the pod. */
export function refusal(c: PodSocketCase<'terminal' | 'logs'>): number | null {
  if (c.credential === 'garbage' || c.credential === 'none') return CloseCode.Unauthorized;
  const [cluster, namespace, pod] = [c.cluster, c.namespace, c.pod].map((s) => decode(s.raw));
  if (cluster === null || cluster === undefined || namespace === null || namespace === undefined || pod === null || pod === undefined) return CloseCode.BadRequest;
  if (!validatePodTarget({ cluster, namespace, pod }).ok) return CloseCode.BadRequest;
  const params = new URLSearchParams(queryString(c.query).slice(1));
  const query = c.target === 'logs' ? parseLogQuery(params) : parseTerminalQuery(params);
  if (!query.ok) return CloseCode.BadRequest;
  if (!CLUSTERS.includes(cluster)) return CloseCode.NotFound;
  const viewer = c.credential === 'victor' || c.credential === 'nina';
  if (c.target === 'terminal' ? viewer : c.credential === 'nina' && namespace !== 'shop') return CloseCode.Forbidden;
  if (namespace !== POD.namespace || pod !== POD.pod) return CloseCode.NotFound;
  const container = query.value.container;
  if (container !== undefined && container !== POD.container) return CloseCode.NotFound;
  return null;
}

/** The decoded value of the first query parameter `name` of a case, as the gateway reads it. */
export function queryValue(pairs: readonly QueryPair[], name: string): string | null {
  return new URLSearchParams(queryString(pairs).slice(1)).get(name);
}
