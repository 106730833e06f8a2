/** `<ObjectEditor>`: the YAML of an edit in a textarea, its errors, and in a conflict the three-way view. */
import type { ReactNode } from 'react';
import { ConflictView } from './conflict-view.js';
import type { ObjectEdit, EditState } from './use-object-edit.js';

/** Props of {@link ObjectEditor}. */
export interface ObjectEditorProps {
  edit: ObjectEdit;
  state: EditState;
  /** The resourceVersion the watch shows now; another than the edit's base means someone changed it meanwhile. */
  liveVersion?: string;
}

/** Edits `state.text`; Save goes through `edit.save`, which checks the YAML before sending. */
export function ObjectEditor({ edit, state, liveVersion }: ObjectEditorProps): ReactNode {
  const { conflict } = state;
  const overtaken = liveVersion !== undefined && liveVersion !== state.base.metadata?.resourceVersion;
  return (
    <div className="kv-object-editor">
      {conflict ? <ConflictView conflict={conflict} onChoose={edit.choose} /> : null}
      {overtaken ? (
        <p role="status" className="kv-object-editor__overtaken">
          Changed by someone else since your edit began (now version {liveVersion}): Save will show both sides to merge.
        </p>
      ) : null}
      <label className="kv-object-editor__label">
        {conflict ? 'Merged result' : 'Edit YAML'}
        <textarea
          className="kv-object-editor__text"
          value={state.text}
          spellCheck={false}
          rows={Math.min(40, state.text.split('\n').length + 2)}
          onChange={(e) => edit.setText(e.target.value)}
        />
      </label>
      {state.error ? (
        <p role="alert" className="kv-object-editor__error">
          {state.error}
        </p>
      ) : null}
      <div className="kv-object-editor__actions">
        <button type="button" disabled={state.saving} onClick={() => void edit.save()}>
          {conflict ? 'Save merged' : 'Save'}
        </button>
        <button type="button" onClick={edit.cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
