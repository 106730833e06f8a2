/**
 * `useCan`: may the signed-in user do this? Asks the gateway's `GET /api/v1/auth/can`, where the
 * gateway's own role and the cluster's RBAC (as that user) both decide, so a UI can hide what would
 * only be refused. The gateway still checks every real request: this is a hint for the UI, not a guard.
 */
import { useQuery } from '@tanstack/react-query';
import { GatewayApiError, gatewayFetch } from './gateway-fetch.js';
import { useKit } from './provider.js';
import { CAN_QUERY } from './token-watch.js';

/** One question to the gateway, in the terms of a Kubernetes SelfSubjectAccessReview. */
export interface CanQuestion {
  cluster: string;
  /** Omitted or "" for cluster-scoped resources or all namespaces. */
  namespace?: string;
  /** The plural resource name, e.g. `pods`. */
  resource: string;
  /** A Kubernetes verb: `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`. */
  verb: string;
  /** E.g. `exec` (a terminal) or `log` (logs) of `pods`. */
  subresource?: string;
  /** One object's name, where the answer may depend on it (resourceNames in RBAC). */
  name?: string;
}

/** What {@link useCan} knows so far. */
export interface CanAnswer {
  /** `undefined` until the gateway has answered (or when it failed): show the action only on `true`. */
  allowed: boolean | undefined;
  /** The gateway's explanation, mostly for a denial. */
  reason?: string;
  /** True while the first answer for this question (and token) is on its way. */
  isLoading: boolean;
  /** Why there is no answer, e.g. a {@link GatewayApiError} with status 404 for an unknown cluster. */
  error?: Error;
}

/** The answer of `GET /api/v1/auth/can`. */
interface CanResponse {
  allowed: boolean;
  reason?: string;
}

/** Long enough that a table with a Delete button per row asks once, short enough to follow RBAC edits. */
const STALE_MS = 30_000;

/** A refusal (4xx) will not change by asking again; a network error or 5xx may. */
const retry = (failures: number, error: Error) => failures < 2 && !(error instanceof GatewayApiError && error.status < 500);

/**
 * Asks whether the signed-in user may do `question`. Equal questions share one request and its
 * answer for 30 s (and are asked again when the window regains focus), so rows may each call it.
 * A new token asks again, as soon as any of the kit's requests sees it.
 *
 * @example
 * const { allowed } = useCan({ cluster, namespace, resource: 'pods', verb: 'delete', name });
 * return allowed === true ? <button onClick={remove}>Delete</button> : null;
 */
export function useCan(question: CanQuestion): CanAnswer {
  const { client, tokens } = useKit();
  // Empty optional fields stay out of the URL (the gateway would check them as given); sorted, the
  // URL is the question, so equal questions of one provider share a cache entry.
  const params = new URLSearchParams(Object.entries(question).filter((entry): entry is [string, string] => !!entry[1]));
  params.sort();
  const url = `${client.baseUrl}/api/v1/auth/can?${params}`;
  const { data, error, isLoading } = useQuery({
    queryKey: [CAN_QUERY, tokens.id, url],
    queryFn: async ({ signal }) => (await (await gatewayFetch(tokens.getToken, url, signal)).json()) as CanResponse,
    staleTime: STALE_MS,
    retry,
  });
  return { allowed: data?.allowed, reason: data?.reason, isLoading, error: error ?? undefined };
}
