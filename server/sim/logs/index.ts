/** Container logs of the emulator: generators and the `pods/log` subresource. */
export { LogRegistry, type ContainerState, type LogRegistryOptions, type InstanceName } from './registry.js';
export { servePodLog } from './serve.js';
export type { ContainerLog, LogLine } from './instance.js';
export type { PodLike, ContainerLike, ContainerStatusLike, ContainerStateLike } from './pod.js';
