/** Verdicts on WebSocket transcripts: the documented close code with a reason, in time (DESIGN §3). */
import { OK, outcome, type Outcome } from './outcome.ts';
import type { WsTranscript } from './ws-probe.ts';

/** What the transcript shows, in a few words for a report. */
export function endText(t: WsTranscript): string {
  const end = t.end;
  switch (end.kind) {
    case 'closed':
      return `close ${end.code} "${end.reason}"`;
    case 'http':
      return `HTTP ${end.status} ${end.body.slice(0, 120)}`;
    case 'error':
      return `client error ${end.message}`;
    default:
      return end.kind;
  }
}

/** Ok when the gateway closed with one of `codes` and said why; a hang when it did not answer at all. */
export function judgeClose(t: WsTranscript, codes: readonly number[]): Outcome {
  const end = t.end;
  if (end.kind === 'timeout') return outcome('hang', `no close within the bound (expected ${codes.join(' or ')})`);
  if (end.kind === 'closed' && codes.includes(end.code)) {
    return end.reason.length > 0 ? OK : outcome('unclear', `close ${end.code} without a reason`);
  }
  return outcome('unclear', `expected close ${codes.join(' or ')}, got ${endText(t)}`);
}

/** The parsed JSON text frames of a transcript (others are skipped). */
export function jsonFrames(t: WsTranscript): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const frame of t.received) {
    if (frame.binary) continue;
    try {
      const value: unknown = JSON.parse(frame.text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) out.push(value as Record<string, unknown>);
    } catch {
      // A log line is text, not JSON: nothing to collect.
    }
  }
  return out;
}
