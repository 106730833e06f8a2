/**
 * The security matrix of issue 11, item 4: every credential × state × endpoint, origin × endpoint ×
 * mode, role × action × scope, hostile recording ids and the login rate limit, each cell printed as
 * expected → actual and failing the run on any mismatch; then a scan of every log line, error body,
 * close reason and recording written meanwhile for every token, ticket and password used.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialCells } from '../support/security-credential-matrix.ts';
import { Evidence } from '../support/security-evidence.ts';
import { originCells } from '../support/security-origin-matrix.ts';
import { auditListing, leftovers } from '../support/security-leftovers.ts';
import { rateLimitCells } from '../support/security-rate-matrix.ts';
import { recordingCells } from '../support/security-recording-matrix.ts';
import { roleCells } from '../support/security-role-matrix.ts';
import { describeCell, passes, renderGrid, type Cell } from '../support/security-grid.ts';
import { startWorld, type World } from '../support/security-world.ts';

const evidence = new Evidence();
let world: World;
let stopped: Promise<void> | null = null;

/** Stops the gateways once: their recordings are complete and their logs written after it. */
function stopWorld(): Promise<void> {
  stopped ??= Promise.all([world.dev.stop(), world.production.stop(), world.productionDefault.stop()]).then(() => undefined);
  return stopped;
}

beforeAll(async () => {
  world = await startWorld(evidence);
}, 60_000);

afterAll(async () => {
  if (!world) return; // the start failed, and its error is the report
  await stopWorld();
  rmSync(world.root, { recursive: true, force: true });
});

/** Prints the grid and fails naming every mismatched cell. */
function check(title: string, cells: readonly Cell[], rows: readonly string[], column: string): void {
  console.log(renderGrid(title, cells, rows, column));
  expect(cells.filter((c) => !passes(c)).map(describeCell)).toEqual([]);
}

describe('security matrix', () => {
  it('credential × state × endpoint', async () => {
    check('credentials', await credentialCells(world, evidence), ['endpoint', 'carrier'], 'state');
  });

  it('origin × credential × endpoint × mode', async () => {
    check('origins', await originCells(world, evidence), ['mode', 'origin', 'credential'], 'endpoint');
  });

  it('role × action × scope', async () => {
    check('roles and scopes', await roleCells(world, evidence), ['user', 'action'], 'scope');
  });

  it('hostile recording ids × audit route', async () => {
    check('recording ids', await recordingCells(world, evidence), ['id'], 'route');
  });

  it('login rate limit', async () => {
    check('login rate limit', await rateLimitCells(world, evidence), ['who'], 'attempt');
  });

  it('no token, ticket or password in any log line, error body, close reason or recording', async () => {
    const harnesses = [world.dev, world.production, world.productionDefault];
    const listings = await Promise.all(harnesses.map(auditListing));
    await stopWorld();
    const report = evidence.scan([...listings, ...leftovers(harnesses, world.recordingDirs)]);
    const counts = Object.entries(report.scanned).map(([kind, n]) => `${kind}: ${n}`);
    console.log(`== token scan: ${report.secrets} secrets searched in ${counts.join(', ')}; found ${report.found.length}${report.found.map((f) => `\n  ${f}`).join('')}`);
    expect(report.scanned['recording file'] ?? 0).toBeGreaterThan(0);
    expect(report.found).toEqual([]);
  });
});
