/**
 * prom-client's default process and Node.js metrics (`process_*`, `nodejs_*`, their standard
 * names, which stock dashboards expect). They describe the process, not one gateway, and each
 * collection starts an event-loop monitor and a GC observer that are never stopped: so one
 * registry per process holds them, started with the first gateway and shared by every gateway in it.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | null = null;

/** The process metrics registry, collecting from its first use on. */
export function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
