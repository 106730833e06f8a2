import type { SampleLine } from './lines.js';

/** How the page hands lines to whichever viewer is mounted. */
export interface Feed {
  /**
   * Converts `lines` (seqs from `firstSeq` on) into the viewer's own input form and returns the call that
   * hands them over, so that a backlog can be converted outside the timed window.
   */
  stage(lines: readonly SampleLine[], firstSeq: number): () => void;
}
