/** Turns a timeline event into its text: the mix of line kinds a profile writes. */
import { burstLines, endingLines, startupLines, type Ending } from './bursts.js';
import { accessLine, ansiLine, jsonLine, longLine, pickLevel, textLine, fill, unicodeLine } from './lines.js';
import { Prng } from './prng.js';
import type { LineKind, Profile } from './profile.js';
import type { LogEvent } from './timeline.js';
import type { Instant } from './timestamp.js';
import { MESSAGES } from './vocab.js';

/** One line in a few hundred is several kilobytes long. */
const LONG_SHARE = 1 / 250;

function pickKind(p: Profile, rng: Prng): LineKind {
  let r = rng.next() * p.totalWeight;
  for (const [kind, weight] of p.weights) {
    r -= weight;
    if (r < 0) return kind;
  }
  return 'text';
}

/** The lines of one event, exactly `event.count` of them. */
export function renderEvent(p: Profile, event: LogEvent): string[] {
  const rng = new Prng(event.seed);
  const at = event.at;
  if (event.start) return startupLines(p, rng, at, event.count);
  if (event.count > 1) return burstLines(p, rng, at, event.count);
  if (rng.chance(LONG_SHARE)) return [longLine(p, rng, at)];
  const level = pickLevel(rng);
  switch (pickKind(p, rng)) {
    case 'json':
      return [jsonLine(p, rng, at, level)];
    case 'ansi':
      return [ansiLine(p, rng, at, level)];
    case 'access':
      return [accessLine(p, rng, at)];
    case 'unicode':
      return [unicodeLine(p, rng, at)];
    case 'text':
      return [textLine(p, rng, at, level, fill(rng.pick(MESSAGES[level]), rng))];
  }
}

/** The closing lines of an instance. */
export function renderEnding(p: Profile, seed: number, at: Instant, ending: Ending): string[] {
  return endingLines(p, new Prng(seed), at, ending);
}
