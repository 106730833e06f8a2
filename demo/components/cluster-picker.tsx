/** The cluster picker, fed by `GET /api/v1/clusters`. */
import type { ReactNode } from 'react';
import type { ClusterInfo } from '../api.js';
import { Picker } from './picker.js';

/** Props of {@link ClusterPicker}. */
export interface ClusterPickerProps {
  clusters: readonly ClusterInfo[];
  value: string;
  onChange: (cluster: string) => void;
}

/** A select of the clusters this user may see; an unreachable one says so. */
export function ClusterPicker({ clusters, value, onChange }: ClusterPickerProps): ReactNode {
  const options = clusters.map((c) => ({ value: c.name, label: c.status === 'ok' ? c.name : `${c.name} (${c.status})`, title: c.server }));
  return <Picker label="Cluster" value={value} options={options} onChange={onChange} />;
}
