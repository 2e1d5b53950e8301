import type { DiffPart } from '~/domain/source-update/match';

/** A word diff old → new: removed words struck through, added ones marked (and named so by <del>/<ins>). */
export function DiffText({ parts }: { parts: readonly DiffPart[] }) {
  return (
    <span className="diff">
      {parts.map((part, i) => part.type === 'same' ? <span key={i}>{part.text}</span>
        : part.type === 'removed' ? <del key={i}>{part.text}</del> : <ins key={i}>{part.text}</ins>)}
    </span>
  );
}
