/**
 * pods/exec of the Kubernetes API emulator: the WebSocket channel protocols (v5 and v4) in front
 * of real host processes, one scratch directory per container.
 */
export { handleExecUpgrade } from './handler.js';
export { killAllExecProcesses, killPodProcesses } from './registry.js';
export type { ContainerLike, ContainerStatusLike, ExecOptions, PodLike } from './types.js';
