import { useTranslation } from 'react-i18next';
import type { StateName } from '~/domain/translation-state';

/** The state of a translation at a glance: a colour and a word (never colour alone). */
export function StateBadge({ state }: { state: StateName }) {
  const { t } = useTranslation('common');
  return <span className={`state-badge state-${state}`}>{t(`state.${state}`)}</span>;
}
