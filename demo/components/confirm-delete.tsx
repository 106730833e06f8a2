/** The confirmation before a delete, in a modal <dialog>; the delete goes through the REST API. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { WatchedObject } from '@kubevision/kit';
import { deleteObject } from '../api.js';

/** Props of {@link ConfirmDelete}. */
export interface ConfirmDeleteProps {
  cluster: string;
  resource: string;
  object: WatchedObject;
  /** Called after the delete was accepted, or on cancel. */
  onClose: () => void;
}

/** Asks "Delete pod x?"; the row disappears by itself once the watch reports the deletion. */
export function ConfirmDelete({ cluster, resource, object, onClose }: ConfirmDeleteProps): ReactNode {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = object.metadata?.name ?? '';
  const namespace = object.metadata?.namespace ?? '';

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  async function confirm(): Promise<void> {
    setBusy(true);
    try {
      await deleteObject(cluster, resource, namespace, name);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} className="demo-dialog" aria-labelledby="confirm-delete-title" onClose={onClose}>
      <h2 id="confirm-delete-title">
        Delete {resource.replace(/s$/, '')} {name}?
      </h2>
      <p className="demo-muted">
        {namespace ? `Namespace ${namespace} in ` : ''}cluster {cluster}. This cannot be undone.
      </p>
      {error && (
        <p className="demo-error" role="alert">
          {error}
        </p>
      )}
      <div className="demo-actions">
        <button type="button" className="demo-button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="demo-button demo-button--danger" disabled={busy} onClick={() => void confirm()}>
          Delete
        </button>
      </div>
    </dialog>
  );
}
