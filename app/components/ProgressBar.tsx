import { useTranslation } from 'react-i18next';
import { STATE_NAMES, type StateName } from '~/domain/translation-state';

/**
 * Segments or words by state as one stacked bar, with the numbers in text for screen readers
 * and for anyone who prefers numbers.
 */
export function ProgressBar({ counts, unit }: { counts: Record<StateName, number>; unit: 'segments' | 'words' }) {
  const { t } = useTranslation('common');
  const total = STATE_NAMES.reduce((sum, s) => sum + counts[s], 0);
  const shown = [...STATE_NAMES].reverse().filter((s) => s !== 'untranslated');
  const summary = STATE_NAMES.map((s) => t(`count.${unit}`, { count: counts[s], state: t(`state.${s}`) })).join(', ');
  return (
    <div className="progress">
      <div className="progress-bar" aria-hidden="true">
        {shown.map((state) => counts[state] > 0 ? (
          <span key={state} className={`progress-part state-${state}`} style={{ width: `${(100 * counts[state]) / Math.max(total, 1)}%` }} />
        ) : null)}
      </div>
      <p className="progress-text">{summary}</p>
    </div>
  );
}
