import type { StateName } from '~/domain/translation-state';

/** The state of a translation at a glance: a colour and a word (never colour alone). */
export function StateBadge({ state, label }: { state: StateName; label: string }) {
  return <span className={`state-badge state-${state}`}>{label}</span>;
}
