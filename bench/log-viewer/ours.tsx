import { useEffect, useState, type ReactNode } from 'react';
import type { LogLine } from '../../src/core/log-stream.js';
import { LogLineStore } from '../../src/logs/line-store.js';
import { LogView } from '../../src/logs/log-view.js';
import type { Feed } from './feed.js';

/** Lines held by our viewer in the benchmark: enough for the whole 1,000,000-line backlog. */
const MAX_LINES = 1_000_000;

/** Our `<LogView>` fed as an application would: append to the store, then bump `version` in React state. */
export function OursViewer({ onFeed, onStore }: { onFeed: (feed: Feed) => void; onStore: (store: LogLineStore) => void }): ReactNode {
  const [store] = useState(() => new LogLineStore({ maxLines: MAX_LINES }));
  const [version, setVersion] = useState(0);
  useEffect(() => {
    onStore(store);
    onFeed({
      stage(lines, firstSeq) {
        const entries = lines.map((line, i): LogLine => ({ kind: 'line', seq: firstSeq + i, text: line.text, timestamp: line.timestamp }));
        return () => {
          store.append(entries);
          setVersion(store.version);
        };
      },
    });
  }, [onFeed, onStore, store]);
  return <LogView lines={store} version={version} defaultTimestamps defaultLineNumbers defaultWrap={false} style={{ height: '100%' }} />;
}
