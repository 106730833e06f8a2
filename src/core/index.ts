/**
 * `@kubevision/kit/core`: the framework-free protocol core. Nothing here imports React.
 */
export * from './protocol.ts';
export * from './names.ts';
export * from './label-selector.ts';
export * from './timestamps.ts';
export * from './backoff.ts';
export * from './scheduler.ts';
export * from './environment.ts';
export { Emitter } from './emitter.ts';
export * from './reconnecting-socket.ts';
export * from './watch-subscription.ts';
export * from './watch-client.ts';
export * from './log-resume.ts';
export * from './log-stream.ts';
export * from './terminal-connection.ts';
export * from './client.ts';
