/** The accessible controls under `<RecordingPlayer>`: play/pause, a seek slider and a speed menu. */
import { useId, type ReactNode } from 'react';

/** Playback speeds offered by the speed menu. */
export const PLAYBACK_SPEEDS = [0.5, 1, 2, 4, 8, 16] as const;

/** Props of {@link PlayerControls}. */
export interface PlayerControlsProps {
  playing: boolean;
  /** Seconds played so far. */
  time: number;
  /** Seconds in the recording; undefined until it has loaded. */
  duration: number | undefined;
  speed: number;
  onTogglePlay(): void;
  onSeek(seconds: number): void;
  onSpeed(speed: number): void;
}

/** `m:ss` for the time display and the slider's spoken value. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Play/pause, seek and speed for a recording; every control is a native, keyboard-operable input. */
export function PlayerControls({ playing, time, duration, speed, onTogglePlay, onSeek, onSpeed }: PlayerControlsProps): ReactNode {
  const speedId = useId();
  const loaded = duration !== undefined;
  const clock = `${formatClock(time)} / ${loaded ? formatClock(duration) : '–:––'}`;
  return (
    <div className="kv-player-controls">
      <button type="button" className="kv-button" onClick={onTogglePlay} disabled={!loaded} aria-label={playing ? 'Pause' : 'Play'}>
        {playing ? '❚❚' : '▶'}
      </button>
      <input
        type="range"
        className="kv-player-seek"
        aria-label="Seek"
        aria-valuetext={clock}
        min={0}
        max={duration ?? 0}
        step="any"
        value={Math.min(time, duration ?? 0)}
        disabled={!loaded}
        onChange={(e) => onSeek(Number(e.target.value))}
      />
      <span className="kv-player-time" aria-hidden="true">{clock}</span>
      <label htmlFor={speedId}>Speed</label>
      <select id={speedId} className="kv-input" value={speed} onChange={(e) => onSpeed(Number(e.target.value))}>
        {PLAYBACK_SPEEDS.map((s) => (
          <option key={s} value={s}>{s}×</option>
        ))}
      </select>
    </div>
  );
}
