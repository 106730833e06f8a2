/**
 * `<ResourceView>`: one object, live. Its YAML follows every change, a diff shows what changed since
 * it was opened, Edit replaces it under optimistic concurrency (a conflict becomes a three-way merge),
 * and its events are listed beside it.
 */
import { useCan, type KubeObject, type WatchedObject } from '@kubevision/kit';
import { useMemo, useState, type ReactNode } from 'react';
import { LineDiff } from './line-diff.js';
import { useObjectApi } from './object-api.js';
import { ObjectEditor } from './object-editor.js';
import { ObjectEvents } from './object-events.js';
import { hasSecretValues, objectYaml } from './object-yaml.js';
import { useObjectEdit } from './use-object-edit.js';
import { useOpenedVersion } from './use-opened-version.js';
import { useResource, type ResourceRef } from './use-resource.js';

/** Props of {@link ResourceView}: which object to show. */
export interface ResourceViewProps extends ResourceRef {
  className?: string;
}

/** Shows the object `cluster`/`namespace`/`resource`/`name` live, with its diff, editing and events. */
export function ResourceView(props: ResourceViewProps): ReactNode {
  const { cluster, namespace, resource, name, className } = props;
  const ref = useMemo(() => ({ cluster, namespace, resource, name }), [cluster, namespace, resource, name]);
  const { object, notFound, error, isSynced } = useResource<KubeObject>(ref);
  const [opened, setOpened] = useOpenedVersion(`${cluster}/${namespace}/${resource}/${name}`, object);
  const [revealed, setRevealed] = useState(false);
  const [showChanges, setShowChanges] = useState(false);
  const { allowed: mayEdit } = useCan({ cluster, namespace, resource, verb: 'update', name });
  const edit = useObjectEdit(useObjectApi(ref), setOpened);
  const mask = !revealed;
  const yaml = useMemo(() => (object ? objectYaml(object, mask) : ''), [object, mask]);
  const openedYaml = useMemo(() => (opened ? objectYaml(opened, mask) : ''), [opened, mask]);

  let body: ReactNode;
  if (error) body = <p role="alert">{`Cannot watch ${resource}: ${error.reason} (${error.code})`}</p>;
  else if (notFound) body = <p role="alert">{`${resource}/${name} does not exist${opened ? ' any more: it was deleted' : ''}.`}</p>;
  else if (!isSynced || !object) body = <p>Loading {name}…</p>;
  else if (edit.state) body = <ObjectEditor edit={edit} state={edit.state} liveVersion={object.metadata?.resourceVersion} />;
  else body = <ObjectYaml object={object} yaml={yaml} />;

  const changed = !!object && yaml !== openedYaml;
  return (
    <article className={`kv-resource-view ${className ?? ''}`} aria-label={`${resource}/${name}`}>
      <header className="kv-resource-view__header">
        <h2>{name}</h2>
        <span>{object ? `${object.kind ?? resource} · version ${object.metadata?.resourceVersion ?? '?'}` : resource}</span>
        {object && !edit.state ? (
          <div className="kv-resource-view__actions">
            {changed ? (
              <button type="button" aria-pressed={showChanges} onClick={() => setShowChanges(!showChanges)}>
                Changed since you opened it
              </button>
            ) : null}
            {hasSecretValues(object) ? (
              <button type="button" aria-pressed={revealed} onClick={() => setRevealed(!revealed)}>
                {revealed ? 'Hide values' : 'Reveal values'}
              </button>
            ) : null}
            {mayEdit === true ? (
              <button type="button" onClick={() => edit.start(object)}>
                Edit
              </button>
            ) : null}
          </div>
        ) : null}
      </header>
      {changed && showChanges && !edit.state ? <LineDiff before={openedYaml} after={yaml} label="Changes since you opened it" /> : null}
      <div className="kv-resource-view__body">
        {body}
        {object ? <ObjectEvents cluster={cluster} object={object} /> : null}
      </div>
    </article>
  );
}

function ObjectYaml({ object, yaml }: { object: WatchedObject; yaml: string }): ReactNode {
  return (
    <div className="kv-resource-view__yaml">
      {object.kind === 'Secret' && !hasSecretValues(object) ? <p>The values are hidden: your role may not read secrets.</p> : null}
      <pre aria-label="YAML">{yaml}</pre>
    </div>
  );
}
