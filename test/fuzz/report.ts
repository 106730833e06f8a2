/** The printed result of a campaign, the same for the CLI and the vitest test. */
import type { CampaignReport } from './campaign.ts';

/** Summary line, per-target lines, seed, duration, then the first failures with their inputs. */
export function reportLines(report: CampaignReport): string[] {
  const { tally } = report;
  const lines = [tally.summary(), ...tally.perTarget(), `seed ${report.seed}, ${(report.durationMs / 1000).toFixed(1)} s`];
  if (report.final) {
    const { heapUsed: before } = report.baseline;
    lines.push(`gateway heap ${(before / 1e6).toFixed(0)} MB -> ${(report.final.heapUsed / 1e6).toFixed(0)} MB, sockets ${report.final.wsClients}, informer listeners ${report.final.informerListeners}`);
  }
  for (const f of tally.failures) lines.push(`${f.outcome.kind} [${f.target}] ${f.outcome.detail}\n    input: ${f.input}`);
  return lines;
}
