/**
 * `npm run fuzz -- --runs N [--seed S]`: a fuzz campaign against a real gateway child on the
 * emulator. Prints the seed first (random unless given), the summary line, per-target counts, and
 * the failures; exits 1 on any crash, hang or unclear error.
 */
import { parseArgs } from 'node:util';
import { runCampaign } from './campaign.ts';
import { reportLines } from './report.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
console.log(`fuzz: ${runs} cases, seed ${seed}`);

/** Progress every this many cases, on stderr so the report stays clean. */
const PROGRESS_EVERY = 500;
let printed = 0;
const report = await runCampaign({
  runs,
  seed,
  // The 10,000-subscription socket is slow by design: three of them, however long the run.
  massSubscribes: Math.min(3, Math.max(1, Math.floor(runs / 1000))),
  checkEvery: 50,
  progress: (done, tally) => {
    // Failures as they happen, so a long run shows what it finds before it ends.
    for (const f of tally.failures.slice(printed)) process.stderr.write(`  case ${done}: ${f.outcome.kind} [${f.target}] ${f.outcome.detail}\n    input: ${f.input}\n`);
    printed = tally.failures.length;
    if (done % PROGRESS_EVERY === 0) process.stderr.write(`  ${done}/${runs}: ${tally.summary()}\n`);
  },
});
console.log(reportLines(report).join('\n'));
process.exitCode = report.tally.clean ? 0 : 1;
