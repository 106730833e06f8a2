/** `<RecordingPlayer>`: plays a recorded terminal session with asciinema-player, loaded lazily. */
import type { ReactNode } from 'react';
import { AsciicastView } from './asciicast-view.js';
import { useRecording, type RecordingSource } from './use-recording.js';
import './audit.css';

/** Props of {@link RecordingPlayer}: a source (`id` or `src`) plus playback options. */
export interface RecordingPlayerProps extends RecordingSource {
  /** Initial playback speed (default 1); the user can change it. */
  speed?: number;
  /** Start playing once loaded (default false). */
  autoPlay?: boolean;
  /** Caps pauses between events at this many seconds, so idle shells do not stall playback. */
  idleTimeLimit?: number;
  /** Names the player region for assistive technology (default "Terminal session recording"). */
  label?: string;
  className?: string;
}

/**
 * Plays an asciicast recording: by session `id` from the audit API (needs `getToken` with an admin
 * token) or from any `src` URL, with play/pause, a seek slider and a speed menu. asciinema-player
 * and its CSS are imported only when a recording is shown; the player is disposed on unmount.
 */
export function RecordingPlayer({ speed = 1, autoPlay = false, idleTimeLimit, label = 'Terminal session recording', className, ...source }: RecordingPlayerProps): ReactNode {
  const recording = useRecording(source);
  return (
    <section className={['kv-player', className].filter(Boolean).join(' ')} aria-label={label} aria-busy={recording.status === 'loading'}>
      {recording.status === 'loading' && <p className="kv-audit-status" role="status">Loading recording…</p>}
      {recording.status === 'error' && (
        <p className="kv-audit-error" role="alert">Could not load the recording: {recording.error.message}</p>
      )}
      {recording.status === 'ready' && (
        // Keyed by the source so another recording starts from its beginning with fresh state.
        <AsciicastView key={source.id ?? source.src} text={recording.text} initialSpeed={speed} autoPlay={autoPlay} idleTimeLimit={idleTimeLimit} />
      )}
    </section>
  );
}
