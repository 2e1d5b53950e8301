import { STATE_NAMES, type StateName } from '~/domain/translation-state';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** Numbers in the interface language's own digits and grouping (Intl, cached per language). */
export function formatNumber(value: number, locale: string): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

const percentFormats = new Map<string, Intl.NumberFormat>();

export function formatPercent(share: number, locale: string): string {
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    percentFormats.set(locale, format);
  }
  return format.format(share);
}

/**
 * Segments or words by state as one stacked bar, with the numbers in text beside it for screen readers
 * and for anyone who prefers numbers. The unit (segments, words) is said once by the caller, in a
 * heading or caption, so the numbers need no plural forms. State names are translated once by the caller.
 */
export function ProgressBar({ counts, stateLabels, locale }: { counts: Record<StateName, number>; stateLabels: Record<StateName, string>; locale: string }) {
  const total = STATE_NAMES.reduce((sum, s) => sum + counts[s], 0);
  const shown = [...STATE_NAMES].reverse().filter((s) => s !== 'untranslated');
  return (
    <div className="progress">
      <div className="progress-bar" aria-hidden="true">
        {shown.map((state) => counts[state] > 0 ? (
          <span key={state} className={`progress-part state-${state}`} style={{ width: `${(100 * counts[state]) / Math.max(total, 1)}%` }} />
        ) : null)}
      </div>
      <p className="progress-text">
        {STATE_NAMES.map((s) => `${stateLabels[s]} ${formatNumber(counts[s], locale)}`).join(' · ')}
      </p>
    </div>
  );
}

export function stateLabels(t: (key: string) => string): Record<StateName, string> {
  return Object.fromEntries(STATE_NAMES.map((s) => [s, t(`common:state.${s}`)])) as Record<StateName, string>;
}
