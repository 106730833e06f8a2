/**
 * Terminal output and echo in headless Chromium: an exec that prints FLOOD_MB of printable lines
 * through the real gateway (on the emulator, recording on, as deployed) into the kit's `<Terminal>`,
 * beside a raw `ws` pipe of the same bytes from this process into the kit's same xterm setup in the
 * same page; then keystroke-to-screen echo through both (`cat` in the emulator's PTY for ours, an
 * echoing `ws` server for raw). To show where the limit is, the flood is also timed without the
 * browser: through the gateway into the kit's core client in Node, from the emulator's exec with
 * client-node, and under a bare node-pty. Prints medians of RUNS runs and the ratio ours / raw.
 * Asserts nothing.
 * Run: npm run bench:terminal   (RUNS, FLOOD_MB, KEYS, KEY_GAP_MS, RAW_CHUNK, RAW_WINDOW, CAP_SECONDS override;
 * RENDERER=webgl keeps xterm's WebGL renderer, which here runs on SwiftShader)
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumLaunchArgs, chromiumPath } from '../test/support/chromium.ts';
import { startHarness } from '../test/support/gateway-harness.ts';
import { median } from './fanout/stats.ts';
import { buildPage, serveStatic } from './log-viewer/serve.ts';
import { capped } from './terminal/capped.ts';
import { echoRun, floodRun, type Mount, type PageSetup } from './terminal/page-driver.ts';
import { floodCommand, LINE_BYTES, linesFor } from './terminal/payload.ts';
import type { EchoSample, OursTarget } from './terminal/protocol.ts';
import { startRawServer } from './terminal/raw-server.ts';
import { emulatorExec, ptyAlone, throughGateway, type PodRef } from './terminal/rungs.ts';

const RUNS = Number(process.env.RUNS ?? 3);
const LINES = linesFor(Number(process.env.FLOOD_MB ?? 200) * 1e6);
const BYTES = LINES * LINE_BYTES;
const KEYS = Number(process.env.KEYS ?? 200);
const KEY_GAP_MS = Number(process.env.KEY_GAP_MS ?? 20);
/** About what the emulator's PTY hands out per read (4 KiB), so both sides see frames of one size. */
const RAW_CHUNK = Number(process.env.RAW_CHUNK ?? 4096);
/** Bytes in flight on the raw pipe: enough that xterm never waits for the network (128 KiB, the kit's default high watermark, costs it a third here). */
const RAW_WINDOW = Number(process.env.RAW_WINDOW ?? 1024 * 1024);
/**
 * `dom` (default): WebGL is switched off, so xterm (ours and raw alike) uses its DOM renderer, as the kit
 * falls back to. Headless Chromium here has no GPU and would run WebGL on SwiftShader, a CPU rasteriser
 * that caps both sides near 2 MB/s: `webgl` measures that.
 */
const RENDERER = process.env.RENDERER === 'webgl' ? 'webgl' : 'dom';
const SETTLE_MS = 500;
/** Longest any one measurement may take before it counts as failed. */
const CAP_MS = Number(process.env.CAP_SECONDS ?? 120) * 1000;
const POD: PodRef = { cluster: 'prod-us', namespace: 'default', pod: 'my-pod', container: 'app' };
const COMMAND = floodCommand(LINES);

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

const mbps = (ms: number): number => BYTES / 1e6 / (ms / 1000);
const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

// Throughput depends on what else the machine runs, so the output says how busy it was.
const loadAtStart = loadavg()[0] ?? 0;
const recordings = await mkdtemp(join(tmpdir(), 'kv-term-bench-rec-'));
const outDir = await mkdtemp(join(tmpdir(), 'kv-term-bench-page-'));
const harness = await startHarness((config) => {
  config.recording.dir = recordings;
});
const raw = await startRawServer({ bytes: BYTES, chunk: RAW_CHUNK, window: RAW_WINDOW });
await buildPage(outDir, fileURLToPath(new URL('./terminal/', import.meta.url)));
const server = await serveStatic(outDir);
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  // A headless page counts as visible, but background throttling must never pace what is measured.
  args: [...chromiumLaunchArgs, '--disable-renderer-backgrounding', '--disable-background-timer-throttling', ...(RENDERER === 'dom' ? ['--disable-webgl'] : [])],
});
const setup: PageSetup = { browser, pageUrl: server.url, settleMs: SETTLE_MS };
const target = (command: readonly string[]): OursTarget => ({ baseUrl: harness.url, token: harness.adminToken, ...POD, command });
const ours = (command: readonly string[]): Mount => ({ side: 'ours', target: target(command) });
const rawMount = (path: 'flood' | 'echo'): Mount => ({ side: 'raw', url: raw.url(path) });

const floodMs = { ours: [] as number[], raw: [] as number[], gateway: [] as number[], emulator: [] as number[], pty: [] as number[] };
const frameBytes = { ours: [] as number[], raw: [] as number[] };
const echoes = { ours: [] as EchoSample[][], raw: [] as EchoSample[][] };
/** Runs one measurement under the cap and keeps its result; a failed one is reported and left out of the medians. */
async function keep<T>(into: T[], what: string, work: () => Promise<T>): Promise<void> {
  try {
    into.push(await capped(work(), CAP_MS, what));
  } catch (error) {
    console.error(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const last = (values: readonly number[]): string => fixed(mbps(values[values.length - 1] ?? Number.NaN));
const lastP99 = (runs: readonly EchoSample[][]): string => fixed(percentile(runs[runs.length - 1]?.map((s) => s.parsedMs) ?? [], 0.99), 2);
for (let run = 0; run < RUNS; run++) {
  // Alternate which side goes first, so neither always meets a warmer machine.
  for (const side of run % 2 === 0 ? (['ours', 'raw'] as const) : (['raw', 'ours'] as const)) {
    const results: { ms: number; writes: number }[] = [];
    await keep(results, `${side} flood`, () => floodRun(setup, side === 'ours' ? ours(COMMAND) : rawMount('flood'), BYTES));
    for (const result of results) {
      floodMs[side].push(result.ms);
      frameBytes[side].push(BYTES / result.writes);
    }
  }
  await keep(floodMs.gateway, 'gateway flood', () => throughGateway(harness.url, harness.adminToken, POD, COMMAND, BYTES, SETTLE_MS));
  await keep(floodMs.emulator, 'emulator flood', () => emulatorExec(harness.sim.kubeconfig(), POD, COMMAND, BYTES));
  await keep(floodMs.pty, 'pty flood', () => ptyAlone(COMMAND, BYTES));
  // Each recorded flood is as big as the flood; only the recording's cost matters, not its bytes.
  for (const file of await readdir(recordings)) if (file.endsWith('.cast')) await rm(join(recordings, file), { force: true });
  await keep(echoes.ours, 'ours echo', () => echoRun(setup, ours(['cat']), KEYS, KEY_GAP_MS));
  await keep(echoes.raw, 'raw echo', () => echoRun(setup, rawMount('echo'), KEYS, KEY_GAP_MS));
  console.error(
    `run ${run + 1}: MB/s page ours ${last(floodMs.ours)}, raw ${last(floodMs.raw)}, gateway ${last(floodMs.gateway)}, emulator ${last(floodMs.emulator)}, pty ${last(floodMs.pty)}; ` +
      `echo p99 ours ${lastP99(echoes.ours)} ms, raw ${lastP99(echoes.raw)} ms`,
  );
}

const chromiumVersion = browser.version();
await browser.close();
await server.close();
await raw.close();
await harness.stop();
await rm(outDir, { recursive: true, force: true });
await rm(recordings, { recursive: true, force: true });

const rate = (samples: number[]): number => mbps(median(samples));
const oursRate = rate(floodMs.ours);
const rawRate = rate(floodMs.raw);
/** The median over runs of each run's percentile, for one timing of one side. */
const echoFigure = (runs: EchoSample[][], pick: (s: EchoSample) => number, p: number): number => median(runs.map((samples) => percentile(samples.map(pick), p)));

console.log(`terminal throughput and echo in headless Chromium ${chromiumVersion}, page 1280x720, xterm ${RENDERER === 'dom' ? 'DOM renderer (WebGL off)' : 'WebGL on SwiftShader'}, loopback; median of ${RUNS} run(s)`);
console.log(`${cpus().length} cores, 1-minute load average at start ${loadAtStart.toFixed(1)}, at end ${(loadavg()[0] ?? 0).toFixed(1)}`);
console.log(
  `flood: ${(BYTES / 1e6).toFixed(0)} MB of ${LINE_BYTES}-byte printable lines (\`yes | head\` in the emulator's PTY); timed from "go" to the last byte parsed by xterm (page) or received (Node); ` +
    `raw pipe: ${RAW_CHUNK}-byte frames, ${RAW_WINDOW / 1024} KiB in flight, credited as xterm parses`,
);
console.table({
  '<Terminal> via gateway, in Chromium': { 'MB/s': fixed(oursRate), 'vs raw page': `${fixed((oursRate / rawRate) * 100, 0)} %`, 'bytes/frame': fixed(median(frameBytes.ours), 0) },
  'raw ws -> same xterm setup, same page': { 'MB/s': fixed(rawRate), 'vs raw page': '100 %', 'bytes/frame': fixed(median(frameBytes.raw), 0) },
  'gateway -> kit core client in Node': { 'MB/s': fixed(rate(floodMs.gateway)), 'vs raw page': `${fixed((rate(floodMs.gateway) / rawRate) * 100, 0)} %`, 'bytes/frame': '' },
  'emulator exec -> client-node (no gateway)': { 'MB/s': fixed(rate(floodMs.emulator)), 'vs raw page': `${fixed((rate(floodMs.emulator) / rawRate) * 100, 0)} %`, 'bytes/frame': '' },
  'node-pty alone, same command': { 'MB/s': fixed(rate(floodMs.pty)), 'vs raw page': `${fixed((rate(floodMs.pty) / rawRate) * 100, 0)} %`, 'bytes/frame': '' },
});
console.log(`echo: ${KEYS} keys per run, ${KEY_GAP_MS} ms apart, from the keydown event to xterm having parsed the echo, and to the next animation frame`);
const echoRow = (runs: EchoSample[][]) => ({
  'parsed p50 ms': fixed(echoFigure(runs, (s) => s.parsedMs, 0.5), 2),
  'parsed p99 ms': fixed(echoFigure(runs, (s) => s.parsedMs, 0.99), 2),
  'on screen p50 ms': fixed(echoFigure(runs, (s) => s.frameMs, 0.5), 2),
  'on screen p99 ms': fixed(echoFigure(runs, (s) => s.frameMs, 0.99), 2),
});
console.table({ '<Terminal> via gateway -> cat in PTY': echoRow(echoes.ours), 'raw ws echo, same page': echoRow(echoes.raw) });
const oursP99 = echoFigure(echoes.ours, (s) => s.parsedMs, 0.99);
console.log(
  `goals: >= 20 MB/s ${oursRate >= 20 ? 'met' : 'missed'} (${fixed(oursRate)}); >= 70 % of raw ${oursRate / rawRate >= 0.7 ? 'met' : 'missed'} (${fixed((oursRate / rawRate) * 100, 0)} %); ` +
    `echo p99 <= 5 ms ${oursP99 <= 5 ? 'met' : 'missed'} (${fixed(oursP99, 2)} ms to parsed)`,
);
process.exit(0);
