/** The asciinema-player instance behind `<RecordingPlayer>`, with its lifecycle and controls. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Player } from './player-loader.js';
import { PlayerControls } from './player-controls.js';

/** Props of {@link AsciicastView}. */
export interface AsciicastViewProps {
  /** The asciicast v2 text. */
  text: string;
  /** Initial playback speed. */
  initialSpeed: number;
  /** Start playing as soon as the recording is ready. */
  autoPlay: boolean;
  /** Caps pauses between events at this many seconds. */
  idleTimeLimit: number | undefined;
}

interface View {
  playing: boolean;
  time: number;
  duration: number | undefined;
}

/** How often the time display follows the player; the player has no time-update event. */
const SYNC_MS = 200;

/**
 * Plays one recording. asciinema-player takes its speed only at creation, so a speed change
 * disposes the player and creates a new one at the same position and play state.
 */
export function AsciicastView({ text, initialSpeed, autoPlay, idleTimeLimit }: AsciicastViewProps): ReactNode {
  const container = useRef<HTMLDivElement>(null);
  const player = useRef<Player | null>(null);
  // Where a recreated player resumes: kept in a ref because it changes every tick without a render.
  const resume = useRef({ time: 0, playing: autoPlay });
  const [speed, setSpeed] = useState(initialSpeed);
  const [view, setView] = useState<View>({ playing: false, time: 0, duration: undefined });
  const [loadError, setLoadError] = useState<Error | null>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    let disposed = false;
    let instance: Player | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    const setPlaying = (playing: boolean) => {
      resume.current.playing = playing;
      setView((v) => (v.playing === playing ? v : { ...v, playing }));
    };
    import('./player-loader.js').then(
      ({ create }) => {
        if (disposed) return;
        const { time, playing } = resume.current;
        instance = create({ data: text }, el, {
          speed,
          preload: true,
          autoPlay: playing,
          controls: false,
          fit: 'width',
          ...(time > 0 ? { startAt: time } : {}),
          ...(idleTimeLimit !== undefined ? { idleTimeLimit } : {}),
        });
        player.current = instance;
        instance.addEventListener('play', () => setPlaying(true));
        instance.addEventListener('playing', () => setPlaying(true));
        instance.addEventListener('pause', () => setPlaying(false));
        instance.addEventListener('ended', () => setPlaying(false));
        const p = instance;
        timer = setInterval(() => {
          const now = p.getCurrentTime();
          const duration = p.getDuration();
          resume.current.time = now;
          setView((v) => (v.time === now && v.duration === duration ? v : { ...v, time: now, duration }));
        }, SYNC_MS);
      },
      (e: unknown) => {
        if (!disposed) setLoadError(e instanceof Error ? e : new Error(String(e)));
      },
    );
    return () => {
      disposed = true;
      clearInterval(timer);
      instance?.dispose();
      player.current = null;
    };
  }, [text, speed, idleTimeLimit]);

  const togglePlay = useCallback(() => {
    const p = player.current;
    if (!p) return;
    void (resume.current.playing ? p.pause() : p.play());
  }, []);

  const seek = useCallback((seconds: number) => {
    resume.current.time = seconds;
    setView((v) => ({ ...v, time: seconds }));
    void player.current?.seek(seconds);
  }, []);

  if (loadError) {
    return <p className="kv-audit-error" role="alert">Could not load the player: {loadError.message}</p>;
  }
  return (
    <>
      <div ref={container} className="kv-player-screen" />
      <PlayerControls {...view} speed={speed} onTogglePlay={togglePlay} onSeek={seek} onSpeed={setSpeed} />
    </>
  );
}
