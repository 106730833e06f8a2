/**
 * `@kubevision/kit/core`: the framework-free protocol core. Nothing here imports React.
 */
// Every type and every kit-side value of the protocol. What only the gateway uses to check what
// clients send stays in protocol.ts for the gateway: parseWatchClientMessage, parseTerminalControl,
// parseTerminalQuery, parseLogQuery, parseHeartbeat, truncateCloseReason, MAX_COMMAND_ARGS and
// MAX_HEARTBEAT_SECONDS. A client never parses its own requests, and they cost the entry about 1 kB gzip
// of its 12 kB budget (.size-limit.json).
export type * from './protocol.js';
export {
  CloseCode,
  closeReaction,
  Paths,
  SUBPROTOCOL,
  TOKEN_SUBPROTOCOL_PREFIX,
  watchKeyId,
  validateWatchKey,
  parseWatchServerMessage,
  MAX_TERMINAL_DIMENSION,
  parseTerminalStatus,
  validatePodTarget,
  podPath,
  MAX_TAIL_LINES,
  HEARTBEAT_PARAM,
  isHeartbeat,
  terminalQueryParams,
  logQueryParams,
} from './protocol.js';
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
