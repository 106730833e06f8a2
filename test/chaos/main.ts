/**
 * `npm run chaos -- [--faults N] [--seed S]`: a full chaos run (default 100 faults, a random seed,
 * printed so that a failure can be replayed). Exits 1 on any divergence, loss, duplicate or failed
 * recovery.
 */
import { parseArgs } from 'node:util';
import { formatReport, passed, runChaos } from './chaos-run.ts';

const { values } = parseArgs({ options: { faults: { type: 'string', default: '100' }, seed: { type: 'string' }, quiet: { type: 'boolean', default: false } } });
const faults = Number(values.faults);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(faults) || faults < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run chaos -- [--faults N] [--seed S] [--quiet]');
  process.exit(2);
}
console.log(`chaos: ${faults} faults, seed ${seed}`);
const started = performance.now();
const report = await runChaos({ faults, seed, log: values.quiet ? undefined : (line) => console.log(line) });
for (const failure of report.failures) console.log(`FAILED ${failure}`);
console.log(formatReport(report));
console.log(`chaos: ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(passed(report) ? 0 : 1);
