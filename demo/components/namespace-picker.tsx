/** The namespace picker: a live watch of the cluster's namespaces. */
import type { ReactNode } from 'react';
import { useResourceWatch, type WatchedObject } from '@kubevision/kit';
import { Picker } from './picker.js';

/** Props of {@link NamespacePicker}. */
export interface NamespacePickerProps {
  cluster: string;
  /** "" for all namespaces. */
  value: string;
  onChange: (namespace: string) => void;
}

// Module-level, so the watch's `select` keeps one identity and reruns only when namespaces change.
const names = (items: readonly WatchedObject[]) => items.map((n) => n.metadata?.name ?? '').sort();

/** A select of the cluster's namespaces, plus "All namespaces". */
export function NamespacePicker({ cluster, value, onChange }: NamespacePickerProps): ReactNode {
  const { items } = useResourceWatch({ cluster, namespace: '', resource: 'namespaces' }, { select: names });
  // The chosen namespace stays listed while the watch loads, or after it was deleted.
  const listed = value && !items.includes(value) ? [value, ...items] : items;
  const options = [{ value: '', label: 'All namespaces' }, ...listed.map((n) => ({ value: n, label: n }))];
  return <Picker label="Namespace" value={value} options={options} onChange={onChange} />;
}
