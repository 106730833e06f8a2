/** A labelled select: the one shape of the cluster, namespace and container pickers. */
import type { ReactNode } from 'react';

/** One choice of a {@link Picker}. */
export interface PickerOption {
  value: string;
  label: string;
  title?: string;
}

/** Props of {@link Picker}. */
export interface PickerProps {
  label: string;
  value: string;
  options: readonly PickerOption[];
  onChange: (value: string) => void;
  disabled?: boolean;
}

/** A select with a visible label, in the demo's style. */
export function Picker({ label, value, options, onChange, disabled = false }: PickerProps): ReactNode {
  return (
    <label className="demo-picker">
      <span>{label}</span>
      <select className="demo-input" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value} title={o.title}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
