import { STATE } from './translation-state';

/**
 * The activity feed's words (issue 5 §9): what a person did, told from the rows that record it. Revisions say
 * saved / approved / rejected / restored / imported; suggestions say suggested and, when a reviewer took one,
 * accepted (the revision of an accepted suggestion is credited to its author, so the reviewer's act is read from
 * the suggestion); comments say commented and resolved.
 */
export type ActivityKind = 'saved' | 'cleared' | 'approved' | 'rejected' | 'restored' | 'imported' | 'suggested' | 'accepted' | 'commented' | 'resolved';
export const ACTIVITY_KINDS: readonly ActivityKind[] = ['saved', 'cleared', 'approved', 'rejected', 'restored', 'imported', 'suggested', 'accepted', 'commented', 'resolved'];

export type RevisionOrigin = 'editor' | 'suggestion' | 'xliff-import' | 'tm' | 'revert' | 'review' | 'source-update';

/** The activity a revision stands for, or null when it is not a person's act worth a line (source updates, accepted suggestions). */
export function revisionActivity(origin: RevisionOrigin, state: number): ActivityKind | null {
  switch (origin) {
    case 'editor':
    case 'tm':
      return state === STATE.untranslated ? 'cleared' : 'saved';
    case 'review':
      return state === STATE.approved ? 'approved' : 'rejected';
    case 'revert':
      return 'restored';
    case 'xliff-import':
      return 'imported';
    case 'suggestion': // told by the suggestion's own "accepted" line, with the reviewer who accepted it
    case 'source-update': // the application's doing, shown where the source changed
      return null;
  }
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A short excerpt of a text for a feed line: at most `max` user-perceived characters (never half a Bangla
 * conjunct or an emoji), cut at a space when one is near, with an ellipsis when cut.
 */
export function excerpt(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const parts = Array.from(graphemes.segment(flat), (g) => g.segment);
  if (parts.length <= max) return flat;
  const cut = parts.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > cut.length * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
