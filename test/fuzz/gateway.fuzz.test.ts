/**
 * The bounded fuzz run: a few hundred generated cases with a fixed seed against a real gateway
 * child on the emulator, over real sockets; any crash, hang or unclear error fails it.
 * `npm run fuzz -- --runs N` is the long run with a random seed.
 */
import { expect, it } from 'vitest';
import { runCampaign } from './campaign.ts';
import { reportLines } from './report.ts';

const SEED = 20_261_204;
const RUNS = 300;

it(`answers ${RUNS} hostile inputs as documented, stays healthy and leaks nothing`, async () => {
  const report = await runCampaign({ runs: RUNS, seed: SEED, massSubscribes: 1, checkEvery: 50 });
  const lines = reportLines(report);
  console.log(lines.join('\n'));
  expect(report.tally.total()).toBe(RUNS);
  expect(report.tally.clean, lines.join('\n')).toBe(true);
});
