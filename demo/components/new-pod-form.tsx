/** "New pod": builds a Pod from a name and an image and POSTs it to the REST API. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { dns1123LabelError, dns1123SubdomainError } from '@kubevision/kit/core';
import type { Pod } from 'kubernetes-types/core/v1';
import { createObject } from '../api.js';

/** Props of {@link NewPodForm}. */
export interface NewPodFormProps {
  cluster: string;
  namespace: string;
  /** Called after the gateway accepted the pod (the table shows it through the watch). */
  onDone: () => void;
}

/** The pod a user asks for: one container running `command` in `image`. */
export function podManifest(name: string, namespace: string, image: string, command: string): Pod {
  const argv = command.trim() ? command.trim().split(/\s+/) : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/created-by': 'kubevision-demo' } },
    spec: { containers: [{ name: 'main', image, ...(argv ? { command: argv } : {}) }] },
  };
}

/** A small form; names are checked with the kit's validators before anything is sent. */
export function NewPodForm({ cluster, namespace, onDone }: NewPodFormProps): ReactNode {
  const [name, setName] = useState('');
  const [image, setImage] = useState('busybox:1.36');
  const [command, setCommand] = useState('sleep 3600');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const nameError = name ? dns1123SubdomainError(name) : null;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const invalidName = dns1123SubdomainError(name);
    const invalidNamespace = dns1123LabelError(namespace);
    if (invalidName || invalidNamespace) return setError(invalidName ? `Name ${invalidName}` : `Namespace ${invalidNamespace}`);
    setBusy(true);
    setError(null);
    try {
      await createObject(cluster, 'pods', namespace, podManifest(name, namespace, image, command));
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="demo-card demo-form" aria-label="New pod" onSubmit={(e) => void submit(e)}>
      <h2>
        New pod in {cluster}/{namespace}
      </h2>
      <label>
        Name
        <input className="demo-input" required value={name} onChange={(e) => setName(e.target.value)} aria-invalid={nameError ? true : undefined} />
      </label>
      <label>
        Image
        <input className="demo-input" required value={image} onChange={(e) => setImage(e.target.value)} />
      </label>
      <label>
        Command
        <input className="demo-input" value={command} onChange={(e) => setCommand(e.target.value)} />
      </label>
      {(error ?? nameError) && (
        <p className="demo-error" role="alert">
          {error ?? `Name ${nameError}`}
        </p>
      )}
      <div className="demo-actions">
        <button type="button" className="demo-button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="demo-button demo-button--primary" disabled={busy}>
          Create
        </button>
      </div>
    </form>
  );
}
