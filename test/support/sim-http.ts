/** Plain-HTTP calls to one cluster of an emulator started with `tls: false`, as kube-apiserver clients make them. */
import type { Simulator } from '../../server/sim/simulator.ts';

/** The status and parsed JSON body of one answer. */
export interface SimAnswer {
  status: number;
  json: Record<string, unknown>;
}

/** A caller of `cluster`'s API paths with the emulator's token; a string body is sent as it is. */
export function simCaller(sim: Simulator, cluster: string): (method: string, path: string, body?: unknown, contentType?: string) => Promise<SimAnswer> {
  return async (method, path, body, contentType = 'application/json') => {
    const res = await fetch(`${sim.url}/clusters/${cluster}${path}`, {
      method,
      headers: { Authorization: `Bearer ${sim.token}`, 'Content-Type': contentType },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
}
