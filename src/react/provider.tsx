/**
 * `<KubeVisionProvider>`: one KubeVision client (and so one watch socket) for everything below it,
 * plus a react-query client for the watch cache. Safe under StrictMode: the double mount never opens
 * a second socket, and a real unmount disposes the client.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { createKubeVisionClient, type KubeVisionClient, type KubeVisionClientOptions, type TokenProvider } from '../core/index.js';
import { CAN_QUERY, watchToken, type TokenWatch } from './token-watch.js';
import { useTokenRelay } from './use-token-relay.js';

/** What a provider hands down: the client, and its token function for the kit's REST hooks. */
export interface Kit {
  client: KubeVisionClient;
  tokens: TokenWatch;
}

const KitContext = createContext<Kit | null>(null);

/** Props of {@link KubeVisionProvider}. */
export interface KubeVisionProviderProps {
  /** The gateway's base URL; default the page's origin. */
  baseUrl?: string;
  /** Supplies the access token; called again with `forceRefresh` after the gateway refused one. */
  getToken: TokenProvider;
  /** Your app's QueryClient, so watch results share its cache; default a private one. */
  queryClient?: QueryClient;
  /** Advanced: further client options (backoff, scheduler, WebSocket implementation). */
  clientOptions?: Omit<KubeVisionClientOptions, 'baseUrl' | 'getToken'>;
  children?: ReactNode;
}

/** Provides the KubeVision client and the query client to the components below it. */
export function KubeVisionProvider({ baseUrl, getToken, queryClient, clientOptions, children }: KubeVisionProviderProps): ReactNode {
  const relayedToken = useTokenRelay(getToken);
  const [ownQueryClient] = useState(() => queryClient ?? new QueryClient());
  const [kit] = useState<Kit>(() => {
    // The client's sockets take their tokens through the watch too: a new token seen anywhere re-asks
    // useCan (reset, so nothing the old token was told shows meanwhile) in the QueryClient it started with.
    const tokens = watchToken(relayedToken, (id) => void ownQueryClient.resetQueries({ queryKey: [CAN_QUERY, id] }));
    // Creating the client opens nothing: sockets start with the first subscription or stream.
    return { tokens, client: createKubeVisionClient({ ...clientOptions, ...(baseUrl ? { baseUrl } : {}), getToken: tokens.getToken }) };
  });
  const { client } = kit;
  const pendingDispose = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    // StrictMode unmounts and remounts at once: cancel the dispose the first unmount scheduled.
    if (pendingDispose.current !== null) clearTimeout(pendingDispose.current);
    pendingDispose.current = null;
    return () => {
      pendingDispose.current = setTimeout(() => client.dispose(), 0);
    };
  }, [client]);
  return (
    <QueryClientProvider client={queryClient ?? ownQueryClient}>
      <KitContext.Provider value={kit}>{children}</KitContext.Provider>
    </QueryClientProvider>
  );
}

/** The client and token function of the nearest {@link KubeVisionProvider}; throws outside one. */
export function useKit(): Kit {
  const kit = useContext(KitContext);
  if (!kit) throw new Error('the KubeVision hooks must be used inside <KubeVisionProvider>');
  return kit;
}

/** The client of the nearest {@link KubeVisionProvider}; throws outside one. */
export function useKubeVisionClient(): KubeVisionClient {
  return useKit().client;
}
