/**
 * The custom resource picker: a live watch of the cluster's CustomResourceDefinitions, so a CRD
 * created with kubectl appears here at once and one deleted goes away. Only established CRDs are
 * offered: the gateway serves a custom resource from then on.
 */
import type { ReactNode } from 'react';
import { useResourceWatch, type WatchedObject } from '@kubevision/kit';
import { Picker, type PickerOption } from './picker.js';

/** Props of {@link CustomResourcePicker}. */
export interface CustomResourcePickerProps {
  cluster: string;
  /** The chosen `plural.group`, "" for none. */
  value: string;
  onChange: (resource: string) => void;
}

interface Crd extends WatchedObject {
  spec?: { group?: string; names?: { plural?: string; kind?: string } };
  status?: { conditions?: { type?: string; status?: string }[] };
}

// Module-level, so the watch's `select` keeps one identity and reruns only when the CRDs change.
const established = (items: readonly WatchedObject[]): PickerOption[] =>
  (items as readonly Crd[])
    .filter((crd) => crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
    .map((crd) => {
      const name = `${crd.spec?.names?.plural ?? ''}.${crd.spec?.group ?? ''}`;
      return { value: name, label: `${crd.spec?.names?.kind ?? name} (${name})` };
    })
    .sort((a, b) => a.label.localeCompare(b.label));

/** A select of the cluster's custom resources. */
export function CustomResourcePicker({ cluster, value, onChange }: CustomResourcePickerProps): ReactNode {
  const { items, isSynced, error } = useResourceWatch({ cluster, namespace: '', resource: 'customresourcedefinitions' }, { select: established });
  // The chosen type stays listed while the watch loads, or after its CRD went away.
  const listed = value && !items.some((o) => o.value === value) ? [{ value, label: value }, ...items] : items;
  const none = error ? `Cannot list custom resources (${error.code})` : isSynced ? (items.length ? 'Choose a custom resource' : 'No custom resources') : 'Loading…';
  return <Picker label="Custom resource" value={value} options={[{ value: '', label: none }, ...listed]} onChange={onChange} />;
}
