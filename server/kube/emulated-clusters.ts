/**
 * The one way to put the emulator behind a gateway: start it, load its kubeconfig and build the
 * cluster registry from it. The CLI's default, the dev gateway, the tests and the benchmarks share it.
 */
import { startSimulator, type Simulator, type SimulatorOptions } from '../sim/simulator.js';
import { ClusterRegistry } from './clusters.js';

/** A running emulator and the registry that reaches its clusters. */
export interface EmulatedClusters {
  readonly sim: Simulator;
  readonly clusters: ClusterRegistry;
}

/** Starts the emulator with `options` and returns it with a registry of all its clusters. */
export async function startEmulatedClusters(options: SimulatorOptions = {}): Promise<EmulatedClusters> {
  const sim = await startSimulator(options);
  return { sim, clusters: ClusterRegistry.fromKubeconfigText(sim.kubeconfig()) };
}
