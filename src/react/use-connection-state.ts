/** `useConnectionState()`: the watch connection's state for React components. */
import { useStore } from 'zustand';
import { connectionStore, type ConnectionState } from './connection-store.js';
import { useKubeVisionClient } from './provider.js';

/** The state of the nearest provider's watch connection; re-renders only when it changes. */
export function useConnectionState(): ConnectionState {
  return useStore(connectionStore(useKubeVisionClient()));
}
