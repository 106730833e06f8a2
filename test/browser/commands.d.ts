declare module 'vitest/browser' {
  interface BrowserCommands {
    dropConnections(): Promise<void>;
    connectionCount(): Promise<number>;
  }
}
export {};
