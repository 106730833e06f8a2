/** `<ConflictView>`: each conflict of a lost save as yours, theirs and base side by side, with a choice per conflict. */
import type { ReactNode } from 'react';
import type { ConflictChoice, ConflictLines } from './three-way-merge.js';
import type { EditConflict } from './use-object-edit.js';

/** Props of {@link ConflictView}. */
export interface ConflictViewProps {
  conflict: EditConflict;
  onChoose(index: number, choice: ConflictChoice): void;
}

const SIDES = [
  ['yours', 'Yours'],
  ['theirs', 'Theirs'],
  ['base', 'Base'],
] as const;

function ConflictBlock({ region, index, choice, onChoose }: { region: ConflictLines; index: number; choice: ConflictChoice; onChoose: ConflictViewProps['onChoose'] }): ReactNode {
  return (
    <section className="kv-conflict" aria-label={`Conflict ${index + 1}`} data-choice={choice ?? 'open'}>
      <div className="kv-conflict__sides">
        {SIDES.map(([side, title]) => (
          <figure key={side} className={`kv-conflict__side kv-conflict__side--${side}`}>
            <figcaption>{title}</figcaption>
            <pre aria-label={`${title} of conflict ${index + 1}`}>{region[side].join('\n')}</pre>
          </figure>
        ))}
      </div>
      <button type="button" aria-pressed={choice === 'yours'} onClick={() => onChoose(index, 'yours')}>
        Keep yours
      </button>
      <button type="button" aria-pressed={choice === 'theirs'} onClick={() => onChoose(index, 'theirs')}>
        Keep theirs
      </button>
    </section>
  );
}

/** Lists the conflicts; the merged text beside it follows the choices. */
export function ConflictView({ conflict, onChoose }: ConflictViewProps): ReactNode {
  const blocks = conflict.regions.filter((region): region is ConflictLines => region.kind === 'conflict');
  return (
    <div className="kv-conflicts">
      <p role="alert">
        Someone changed this object while you edited it (now at version {conflict.theirs.metadata?.resourceVersion}). Changes that do not
        overlap are merged; {blocks.length === 1 ? 'one conflict needs' : `${blocks.length} conflicts need`} your decision.
      </p>
      {blocks.map((region, i) => (
        <ConflictBlock key={i} region={region} index={i} choice={conflict.choices[i]} onChoose={onChoose} />
      ))}
    </div>
  );
}
