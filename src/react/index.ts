/** The React layer of `@kubevision/kit`: provider, connection state, resource watches and permission checks. */
export { KubeVisionProvider, useKit, useKubeVisionClient, type Kit, type KubeVisionProviderProps } from './provider.js';
export { connectionStateOf, connectionStore, type ConnectionState, type ConnectionStateName } from './connection-store.js';
export { useConnectionState } from './use-connection-state.js';
export { ConnectionStatus, type ConnectionStatusProps } from './connection-status.js';
export { resourceWatchKey, type ResourceWatchQueryKey } from './resource-watch-key.js';
export { useResourceWatch, useSuspenseResourceWatch, type ResourceWatchError, type ResourceWatchOptions, type ResourceWatchResult } from './use-resource-watch.js';
export type { ResourceWatchSnapshot, WatchedObject } from './watched-object.js';
export { useLogStream, type LogStreamView, type UseLogStreamOptions } from './use-log-stream.js';
export { useCan, type CanAnswer, type CanQuestion } from './use-can.js';
export { GatewayApiError, gatewayFetch } from './gateway-fetch.js';
export type { TokenWatch } from './token-watch.js';
/** A stable token function that always calls the latest `getToken` prop, for hooks that take one. */
export { useTokenRelay } from './use-token-relay.js';
