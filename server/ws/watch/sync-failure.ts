/** The ERROR code and message for an informer that could not list its resource type. */

/** The HTTP status of a failed list or watch: both errors carry it as `statusCode`. */
export function upstreamStatus(error: unknown): number | undefined {
  const status = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  return typeof status === 'number' ? status : undefined;
}

/**
 * The cluster's own 403 (the gateway's credentials may not list the type) and 404 (the cluster does
 * not serve it) pass through; anything else is the upstream failing: 502. The message names no
 * address or credential: the details are in the gateway's log.
 */
export function syncFailure(resource: string, error: unknown): { code: number; message: string } {
  switch (upstreamStatus(error)) {
    case 403:
      return { code: 403, message: `the cluster does not let the gateway list ${resource}` };
    case 404:
      return { code: 404, message: `the cluster does not serve ${resource}` };
    default:
      return { code: 502, message: `cannot list ${resource} from the cluster` };
  }
}
