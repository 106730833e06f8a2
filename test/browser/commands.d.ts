declare module 'vitest/browser' {
  interface BrowserCommands {
    dropConnections(): Promise<void>;
    connectionCount(): Promise<number>;
    dropRealGatewaySockets(): Promise<void>;
    emulatorLog(cluster: string, namespace: string, pod: string, container: string): Promise<string>;
    emulatorGet(cluster: string, path: string): Promise<string>;
    stallProxiedSockets(): Promise<number>;
    emulatorChurn(eventsPerSecond: number): Promise<void>;
    /** kubectl against the real gateway's emulator, context prod-us. */
    kubectl(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }>;
    injectFault(fault: 'dropSockets' | 'restartEmulator' | 'cutEmulatorWatches' | 'restartGateway'): Promise<void>;
  }
}
export {};
