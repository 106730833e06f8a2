declare module 'vitest/browser' {
  interface BrowserCommands {
    dropConnections(): Promise<void>;
    connectionCount(): Promise<number>;
    dropRealGatewaySockets(): Promise<void>;
    emulatorLog(cluster: string, namespace: string, pod: string, container: string): Promise<string>;
  }
}
export {};
