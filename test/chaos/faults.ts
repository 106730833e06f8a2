/**
 * The fault catalogue of a chaos run: network faults through the proxy and process faults of the
 * gateway and the emulator. Each fault is injected and, where it lasts, healed before the run waits
 * for recovery.
 */
import type { Simulator } from '../../server/sim/simulator.ts';
import type { Random } from '../../server/sim/world/random.ts';
import type { FaultProxy } from './fault-proxy.ts';
import type { RestartableGateway } from './process-faults.ts';

/** Every kind of fault a run injects. */
export const FAULT_KINDS = [
  'drop',
  'stall',
  'half-close',
  'throttle',
  'delay-upgrade',
  'gateway-restart',
  'emulator-restart',
  'drop-watches',
  'restart-in-outage',
] as const;

/** One kind of fault. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What faults act on. */
export interface FaultTargets {
  proxy: FaultProxy;
  gateway: RestartableGateway;
  sim: Simulator;
  random: Random;
}

/** Bytes per second towards the clients while throttled: a slow reader, not a dead one. */
const THROTTLE_BYTES_PER_SECOND = 4 * 1024;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Injects one fault, lets it last, heals what heals, and returns a short description. */
export async function injectFault(kind: FaultKind, t: FaultTargets): Promise<string> {
  switch (kind) {
    case 'drop':
      return `dropped ${t.proxy.dropAll()} connections`;
    case 'stall': {
      const path = t.proxy.stallOne((n) => t.random.int(0, n - 1));
      return `black-holed ${path ?? 'nothing'}`;
    }
    case 'half-close': {
      const direction = t.random.next() < 0.5 ? 'toClient' : 'toServer';
      return `ended ${direction} of ${t.proxy.halfClose(direction)} connections`;
    }
    case 'throttle': {
      const ms = t.random.int(1000, 3000);
      t.proxy.throttle(THROTTLE_BYTES_PER_SECOND);
      await sleep(ms);
      t.proxy.throttle(0);
      return `throttled for ${ms} ms`;
    }
    case 'delay-upgrade': {
      const ms = t.random.int(500, 2500);
      t.proxy.delayNewConnections(ms);
      const dropped = t.proxy.dropAll();
      await sleep(ms);
      t.proxy.delayNewConnections(0);
      return `dropped ${dropped} connections, new ones held ${ms} ms`;
    }
    case 'gateway-restart':
      await t.gateway.restart();
      return 'restarted the gateway';
    case 'emulator-restart':
      await t.sim.restart();
      return 'restarted the emulator (watch history lost)';
    case 'drop-watches':
      return `cut ${t.sim.dropWatches()} watch streams of the emulator`;
    case 'restart-in-outage': {
      // A new gateway meets clients while its cluster is unreachable: every list and read fails at first.
      const ms = t.random.int(1000, 2500);
      const outage = t.sim.restart(ms);
      await sleep(50);
      await t.gateway.restart();
      await outage;
      return `restarted the gateway during a ${ms} ms emulator outage`;
    }
  }
}
