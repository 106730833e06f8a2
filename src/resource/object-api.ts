/** The REST calls of one object (DESIGN §8): read the latest, and replace it under optimistic concurrency. */
import { gatewayFetch, Paths, useKit, type KubeObject } from '@kubevision/kit';
import { useMemo } from 'react';
import type { ResourceRef } from './use-resource.js';

/** GET and PUT of one object with the provider's token; failures reject with `GatewayApiError`. */
export interface ObjectApi {
  get(): Promise<KubeObject>;
  /** Replaces the object; the API server refuses with 409 when `object`'s resourceVersion is not the current one. */
  put(object: KubeObject): Promise<KubeObject>;
}

/** The {@link ObjectApi} of `ref` through the nearest provider's gateway. */
export function useObjectApi({ cluster, namespace, resource, name }: ResourceRef): ObjectApi {
  const { client, tokens } = useKit();
  return useMemo(() => {
    const segments = [cluster, resource, name].map(encodeURIComponent).join('/');
    const url = `${client.baseUrl}${Paths.clusters}/${segments}?${new URLSearchParams({ namespace })}`;
    const call = async (init?: { method: string; body: string; headers: Record<string, string> }) =>
      (await (await gatewayFetch(tokens.getToken, url, undefined, undefined, false, init)).json()) as KubeObject;
    return {
      get: () => call(),
      put: (object) => call({ method: 'PUT', body: JSON.stringify(object), headers: { 'content-type': 'application/json' } }),
    };
  }, [client, tokens, cluster, namespace, resource, name]);
}
