/**
 * `@kubevision/kit/core`: the framework-free protocol core. Nothing here imports React.
 */
export * from './protocol.js';
export * from './names.js';
export * from './label-selector.js';
export * from './timestamps.js';
export * from './backoff.js';
export * from './scheduler.js';
export * from './environment.js';
export { Emitter } from './emitter.js';
export * from './reconnecting-socket.js';
export * from './watch-subscription.js';
export * from './watch-client.js';
export * from './log-resume.js';
export * from './log-stream.js';
export * from './terminal-connection.js';
export * from './client.js';
export * from './stream-status.js';
