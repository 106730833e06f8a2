import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { repoRoot, run } from './library-build.ts';

/** The packages a React app brings itself; the kit's own dependencies must come from its tarball. */
const APP_DEPENDENCIES = ['react', 'react-dom', '@tanstack/react-query'];
const APP_DEV_DEPENDENCIES = ['typescript', 'vite', '@types/react', '@types/react-dom'];

/** The repository's exact pins, so the install is served from the npm cache the repository's own install filled. */
function pinned(names: readonly string[]): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  return Object.fromEntries(names.map((name) => {
    const version = pkg.devDependencies[name];
    if (!version) throw new Error(`${name} is not a devDependency of the repository`);
    return [name, version];
  }));
}

const baseTsconfig = {
  compilerOptions: {
    target: 'ES2022',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    module: 'ESNext',
    moduleResolution: 'Bundler',
    jsx: 'react-jsx',
    strict: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    // The kit's declarations are what is under test: a broken import in a .d.ts must fail the check.
    skipLibCheck: false,
    noEmit: true,
    types: [],
  },
  include: ['src'],
};

/** The consumer's build: one input per entry, and every chunk's module ids in modules.json, to see which React copies went in. */
const viteConfig = `import { readdirSync } from 'node:fs';
export default {
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    minify: false,
    rollupOptions: {
      input: Object.fromEntries(readdirSync('src/entries').map((f) => [f.replace(/\\.tsx?$/, ''), 'src/entries/' + f])),
    },
  },
  plugins: [{
    name: 'module-list',
    generateBundle(_options, bundle) {
      const modules = Object.values(bundle).flatMap((chunk) => (chunk.type === 'chunk' ? Object.keys(chunk.modules) : []));
      this.emitFile({ type: 'asset', fileName: 'modules.json', source: JSON.stringify(modules) });
    },
  }],
};
`;

const mountSource = `import '@kubevision/kit/styles.css';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { KubeVisionProvider, type KubeVisionProviderProps } from '@kubevision/kit';

export const getToken: KubeVisionProviderProps['getToken'] = async ({ forceRefresh }) => (forceRefresh ? null : 'consumer-token');

export function mount(node: ReactNode): void {
  const host = document.getElementById('root');
  if (!host) throw new Error('no #root element');
  createRoot(host).render(
    <StrictMode>
      <KubeVisionProvider baseUrl="https://gateway.example" getToken={getToken}>{node}</KubeVisionProvider>
    </StrictMode>,
  );
}
`;

/**
 * One entry per public component or hook, each used the way the README shows, so the type check
 * exercises real props and the bundle proves each import resolves on its own.
 */
export const CONSUMER_ENTRIES: Readonly<Record<string, string>> = {
  'connection-status.tsx': `import { ConnectionStatus, useConnectionState } from '@kubevision/kit';
import { mount } from '../mount.js';

function Badge() {
  const state = useConnectionState();
  return <p data-state={state.state}><ConnectionStatus className="badge" /></p>;
}
mount(<Badge />);
`,
  'resource-watch.tsx': `import { useResourceWatch, type WatchedObject } from '@kubevision/kit';
import { mount } from '../mount.js';

function Pods() {
  const { items, status, error } = useResourceWatch<WatchedObject, string[]>(
    { cluster: 'prod-us', namespace: 'default', resource: 'pods' },
    { select: (pods) => pods.map((pod) => pod.metadata?.name ?? '') },
  );
  if (error) return <p>{error.code} {error.reason}</p>;
  return <ul data-status={status.state}>{items.map((name) => <li key={name}>{name}</li>)}</ul>;
}
mount(<Pods />);
`,
  'suspense-resource-watch.tsx': `import { Suspense } from 'react';
import { useSuspenseResourceWatch } from '@kubevision/kit';
import { mount } from '../mount.js';

function Nodes() {
  const { items } = useSuspenseResourceWatch({ cluster: 'prod-us', namespace: '', resource: 'nodes' });
  return <p>{items.length} nodes</p>;
}
mount(<Suspense fallback={<p>loading</p>}><Nodes /></Suspense>);
`,
  'terminal.tsx': `import { useRef } from 'react';
import { Terminal, type TerminalHandle } from '@kubevision/kit';
import { mount } from '../mount.js';

function Shell() {
  const terminal = useRef<TerminalHandle>(null);
  return (
    <Terminal
      ref={terminal}
      cluster="prod-us"
      namespace="default"
      pod="my-pod"
      container="app"
      onExit={(code) => terminal.current?.write(\`exited \${code ?? '?'}\`)}
    />
  );
}
mount(<Shell />);
`,
  'terminal-sessions.tsx': `import { TerminalSessions } from '@kubevision/kit/audit';
import { getToken, mount } from '../mount.js';

mount(<TerminalSessions baseUrl="https://gateway.example" getToken={getToken} pageSize={20} onSelect={(session) => console.info(session.id)} />);
`,
  'recording-player.tsx': `import { RecordingPlayer } from '@kubevision/kit/audit';
import { getToken, mount } from '../mount.js';

mount(<RecordingPlayer id="0b7f4c2e-3a7d-4d8e-9f10-2b3c4d5e6f70" baseUrl="https://gateway.example" getToken={getToken} speed={2} />);
`,
  'log-viewer.tsx': `import { LogViewer } from '@kubevision/kit';
import { mount } from '../mount.js';

mount(<LogViewer cluster="prod-us" namespace="default" pod="my-pod" container="app" tail={500} timestamps style={{ height: 400 }} />);
`,
  'log-view.tsx': `import { LogView, useLogStream } from '@kubevision/kit';
import { mount } from '../mount.js';

function PodLog() {
  const stream = useLogStream({ cluster: 'prod-us', namespace: 'default', pod: 'my-pod', maxLines: 10_000 });
  return <LogView lines={stream.lines} version={stream.version} status={stream.status} onClear={stream.clear} aria-label="my-pod log" />;
}
mount(<PodLog />);
`,
  'resource-view.tsx': `import { ResourceView, useResource } from '@kubevision/kit/resource';
import type { WatchedObject } from '@kubevision/kit';
import { mount } from '../mount.js';

function Settings() {
  const { object, notFound } = useResource<WatchedObject>({ cluster: 'prod-us', namespace: 'default', resource: 'configmaps', name: 'settings' });
  if (notFound) return <p>gone</p>;
  return <><p>{object?.metadata?.resourceVersion}</p><ResourceView cluster="prod-us" namespace="default" resource="configmaps" name="settings" /></>;
}
mount(<Settings />);
`,
  'core.ts': `import { createKubeVisionClient, type KubeObject } from '@kubevision/kit/core';

const client = createKubeVisionClient({ baseUrl: 'https://gateway.example', getToken: () => 'consumer-token' });
const stop = client.watch.watch<KubeObject>({ cluster: 'prod-us', namespace: 'default', resource: 'pods' }, (snapshot) => {
  document.title = \`\${snapshot.items.length} pods\`;
});
window.addEventListener('pagehide', () => {
  stop();
  client.dispose();
});
`,
};

/** What the consumer's `vite build` put into its bundle. */
export interface BundleReport {
  /** Every module id that went into a chunk. */
  modules: readonly string[];
  /** The emitted files, relative to dist/. */
  files: readonly string[];
}

/** A temporary npm project that depends on the kit's tarball the way an application does. */
export class ConsumerProject {
  constructor(readonly dir: string) {}

  private write(path: string, content: string): void {
    const file = join(this.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }

  /** Writes package.json, both tsconfigs, vite.config.js and the sources. */
  scaffold(tarball: string, entries: Readonly<Record<string, string>>): void {
    this.write('package.json', JSON.stringify({
      name: 'kv-consumer',
      private: true,
      type: 'module',
      dependencies: { '@kubevision/kit': `file:${tarball}`, ...pinned(APP_DEPENDENCIES) },
      devDependencies: pinned(APP_DEV_DEPENDENCIES),
    }, null, 2));
    this.write('tsconfig.json', JSON.stringify(baseTsconfig, null, 2));
    this.write('tsconfig.nodenext.json', JSON.stringify({ extends: './tsconfig.json', compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }, null, 2));
    this.write('vite.config.js', viteConfig);
    this.write('src/mount.tsx', mountSource);
    for (const [name, source] of Object.entries(entries)) this.write(`src/entries/${name}`, source);
  }

  /** Installs from the npm cache when it can; lifecycle scripts stay off (nothing here needs a native build). */
  async install(): Promise<void> {
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], this.dir);
  }

  /** The consumer's own TypeScript over one of its tsconfigs; rejects with the compiler's diagnostics. */
  async typecheck(tsconfig: string): Promise<void> {
    await run(process.execPath, [join(this.dir, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], this.dir);
  }

  /** The consumer's own `vite build`; returns what went into the bundle. */
  async bundle(): Promise<BundleReport> {
    await run(process.execPath, [join(this.dir, 'node_modules/vite/bin/vite.js'), 'build'], this.dir);
    const dist = join(this.dir, 'dist');
    const modules = JSON.parse(readFileSync(join(dist, 'modules.json'), 'utf8')) as string[];
    const files = readdirSync(dist, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(dist, join(entry.parentPath, entry.name)));
    return { modules, files };
  }

  /** Reads a file of the project. */
  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }
}
