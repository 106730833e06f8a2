/** The pod page: status, container picker, and the Logs, Terminal and YAML tabs. */
import { useCallback, useState, type ReactNode } from 'react';
import { useCan, useResourceWatch } from '@kubevision/kit';
import { ResourceView } from '@kubevision/kit/resource';
import type { Pod } from 'kubernetes-types/core/v1';
import { Picker } from '../../components/picker.js';
import { podStatus } from '../../components/status.js';
import { routeHash, type PodTab } from '../../router.js';
import { LogsTab } from './logs-tab.js';
import { TerminalTab } from './terminal-tab.js';

/** Props of {@link PodPage}. */
export interface PodPageProps {
  cluster: string;
  namespace: string;
  pod: string;
  tab: PodTab;
}

/** One pod, live; the tabs are links, so each has its own URL. */
export function PodPage({ cluster, namespace, pod, tab }: PodPageProps): ReactNode {
  const select = useCallback((items: readonly Pod[]) => items.find((p) => p.metadata?.name === pod) ?? null, [pod]);
  const { items: found, isSynced, error } = useResourceWatch<Pod, Pod | null>({ cluster, namespace, resource: 'pods' }, { select });
  const [chosen, setChosen] = useState<string | null>(null);
  const containers = found?.spec?.containers.map((c) => c.name) ?? [];
  // Init containers have logs (the viewer's picker offers them) but no shell to open.
  const withInit = [...containers, ...(found?.spec?.initContainers ?? []).map((c) => c.name)];
  const container = chosen !== null && containers.includes(chosen) ? chosen : containers[0];
  const logContainer = chosen !== null && withInit.includes(chosen) ? chosen : container;
  // The gateway role and, on impersonate and passthrough clusters, the cluster's RBAC decide.
  const mayExec = useCan({ cluster, namespace, resource: 'pods', subresource: 'exec', verb: 'create', name: pod }).allowed === true;
  const status = found ? podStatus(found) : null;
  const tabLink = (t: PodTab) => routeHash({ page: 'pod', cluster, namespace, pod, tab: t });

  return (
    <article className="demo-pod" aria-label={`Pod ${pod}`}>
      <header className="demo-pod__header">
        <a href={routeHash({ page: 'resources', cluster, namespace, resource: 'pods' })}>← Pods</a>
        <h1>{pod}</h1>
        {status && <span className={`demo-status demo-status--${status.tone}`}>{status.text}</span>}
        <span className="demo-muted">
          {namespace} · {found?.spec?.nodeName ?? 'not scheduled'}
        </span>
        {/* The log viewer's toolbar has its own picker, controlled by the same choice as this one. */}
        {container && tab === 'terminal' && (
          <Picker label="Container" value={container} options={containers.map((c) => ({ value: c, label: c }))} onChange={setChosen} disabled={containers.length < 2} />
        )}
      </header>
      {error && (
        <p className="demo-error" role="alert">
          {error.reason}
        </p>
      )}
      {isSynced && !found && <p className="demo-error">Pod {pod} does not exist (any more) in {namespace}.</p>}
      <nav className="demo-tabs" aria-label="Pod views">
        <a href={tabLink('logs')} aria-current={tab === 'logs' ? 'page' : undefined}>
          Logs
        </a>
        {mayExec && (
          <a href={tabLink('terminal')} aria-current={tab === 'terminal' ? 'page' : undefined}>
            Terminal
          </a>
        )}
        <a href={tabLink('yaml')} aria-current={tab === 'yaml' ? 'page' : undefined}>
          YAML
        </a>
      </nav>
      {logContainer && tab === 'logs' && <LogsTab cluster={cluster} namespace={namespace} pod={pod} container={logContainer} onContainerChange={setChosen} />}
      {container && tab === 'terminal' && mayExec && <TerminalTab key={container} cluster={cluster} namespace={namespace} pod={pod} container={container} />}
      {tab === 'terminal' && !mayExec && <p className="demo-muted">You may not open a shell in this pod.</p>}
      {tab === 'yaml' && <ResourceView cluster={cluster} namespace={namespace} resource="pods" name={pod} />}
    </article>
  );
}
