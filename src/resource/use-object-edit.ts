/**
 * `useObjectEdit`: the edit cycle of one object. Save replaces it with the resourceVersion the edit
 * started from; a 409 fetches the latest and turns into a three-way merge to resolve, so a concurrent
 * change is never overwritten silently.
 */
import { GatewayApiError, type KubeObject, type WatchedObject } from '@kubevision/kit';
import { useState } from 'react';
import type { ObjectApi } from './object-api.js';
import { objectYaml } from './object-yaml.js';
import { parseObject } from './parse-object.js';
import { mergedText, mergeRegions, type ConflictChoice, type MergeRegion } from './three-way-merge.js';

/** A save that lost the race: the regions of yours against theirs, both from `base`. */
export interface EditConflict {
  /** The latest object; a save of the merge carries its resourceVersion. */
  readonly theirs: KubeObject;
  readonly regions: readonly MergeRegion[];
  /** One per conflict region, in order. */
  readonly choices: readonly ConflictChoice[];
}

/** Where an edit stands. */
export interface EditState {
  /** The object the current text is an edit of; its resourceVersion goes with the save. */
  readonly base: WatchedObject;
  /** The text being edited (in a conflict: the merged result). */
  readonly text: string;
  readonly conflict: EditConflict | null;
  /** Why the last save did not happen (syntax error, the gateway's message). */
  readonly error: string | null;
  readonly saving: boolean;
}

/** What {@link useObjectEdit} returns. */
export interface ObjectEdit {
  /** Null while not editing. */
  readonly state: EditState | null;
  start(object: WatchedObject): void;
  setText(text: string): void;
  /** Decides conflict `index` for one side; the merged text is recomputed from all choices. */
  choose(index: number, choice: ConflictChoice): void;
  save(): Promise<void>;
  cancel(): void;
}

/** The edit cycle of one object through `api`; `onSaved` hears the stored object. */
export function useObjectEdit(api: ObjectApi, onSaved?: (object: KubeObject) => void): ObjectEdit {
  const [state, setState] = useState<EditState | null>(null);
  const update = (change: Partial<EditState>) => setState((s) => (s ? { ...s, ...change } : s));

  async function conflictWith(edit: EditState): Promise<void> {
    const theirs = await api.get();
    const regions = mergeRegions(edit.text, objectYaml(edit.base, false), objectYaml(theirs, false));
    const choices = regions.filter((r) => r.kind === 'conflict').map((): ConflictChoice => undefined);
    setState({ base: theirs, text: mergedText(regions, choices), conflict: { theirs, regions, choices }, error: null, saving: false });
  }

  async function save(): Promise<void> {
    if (!state || state.saving) return;
    const parsed = parseObject(state.text, state.base.metadata?.resourceVersion);
    if (parsed.error !== undefined) return update({ error: parsed.error });
    update({ saving: true, error: null });
    try {
      const saved = await api.put(parsed.object);
      setState(null);
      onSaved?.(saved);
    } catch (error) {
      if (error instanceof GatewayApiError && error.status === 409) {
        await conflictWith(state).catch((e: unknown) => update({ saving: false, error: (e as Error).message }));
      } else update({ saving: false, error: (error as Error).message });
    }
  }

  return {
    state,
    start: (object) => setState({ base: object, text: objectYaml(object, false), conflict: null, error: null, saving: false }),
    setText: (text) => update({ text }),
    choose(index, choice) {
      setState((s) => {
        if (!s?.conflict) return s;
        const choices = s.conflict.choices.map((c, i) => (i === index ? choice : c));
        return { ...s, text: mergedText(s.conflict.regions, choices), conflict: { ...s.conflict, choices } };
      });
    },
    save,
    cancel: () => setState(null),
  };
}
