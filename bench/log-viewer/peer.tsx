import { useEffect, useRef, type ReactNode } from 'react';
import { LazyLog } from '@melloware/react-logviewer';
import type { Feed } from './feed.js';

/**
 * @melloware/react-logviewer through its streaming path for lines a parent receives itself: `external`
 * with `appendLines` on its ref, following the end. It has no timestamp column, so it gets `timestamp text`.
 */
export function PeerViewer({ onFeed }: { onFeed: (feed: Feed) => void }): ReactNode {
  const ref = useRef<LazyLog>(null);
  useEffect(() => {
    onFeed({
      stage(lines) {
        const texts = lines.map((line) => line.withTimestamp);
        return () => ref.current?.appendLines(texts);
      },
    });
  }, [onFeed]);
  return <LazyLog ref={ref} external follow enableLineNumbers height="auto" />;
}
