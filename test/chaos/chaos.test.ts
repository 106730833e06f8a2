/**
 * The bounded chaos run: 15 faults with a fixed seed against the real gateway and emulator; every
 * recovery must converge with no divergent store, lost or duplicated log line, or silent terminal.
 * `npm run chaos` is the long run with a random seed.
 */
import { describe, expect, it } from 'vitest';
import { formatReport, runChaos } from './chaos-run.ts';

describe('chaos', () => {
  it('recovers from 15 seeded faults with every store, log and terminal intact', async () => {
    const report = await runChaos({ faults: 15, seed: 20261204, recoveryTimeoutMs: 15_000, stopAfterFailures: 1 });
    console.log(formatReport(report));
    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ recoveries: 15, divergentStores: 0, lostLines: 0, duplicatedLines: 0, foreignLines: 0, silentTerminals: 0 });
  });
});
