declare module 'vitest/browser' {
  interface BrowserCommands {
    dropConnections(): Promise<void>;
    connectionCount(): Promise<number>;
    dropRealGatewaySockets(): Promise<void>;
  }
}
export {};
