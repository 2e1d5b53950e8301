import { useTranslation } from 'react-i18next';

/**
 * A moment, formatted with Intl in the interface language. Shown in UTC on purpose: the server and the
 * browser would otherwise render different text for the same moment and hydration would fail.
 */
export function Timestamp({ ms }: { ms: number }) {
  const { i18n } = useTranslation();
  const date = new Date(ms);
  const text = new Intl.DateTimeFormat(i18n.language, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short',
  }).format(date);
  return <time dateTime={date.toISOString()}>{text}</time>;
}
