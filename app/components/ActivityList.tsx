import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { languageInfo } from '~/domain/languages';
import type { ActivityEvent } from '~/services/activity.server';
import { Timestamp } from './Timestamp';

/**
 * Lines of the activity feed: who, what, when, and the text concerned in its own language and direction, each
 * leading to the segment's page. Names and texts are people's words: React escapes them.
 */
export function ActivityList({ events, project, showLanguage = false }: {
  events: ActivityEvent[];
  project: string;
  /** Name each line's language (a feed of several languages). */
  showLanguage?: boolean;
}) {
  const { t } = useTranslation(['dashboard', 'common']);
  if (events.length === 0) return <p className="activity-empty">{t('dashboard:activity.none')}</p>;
  return (
    <ol className="activity">
      {events.map((event) => {
        const lang = languageInfo(event.lang);
        // Comments are in whatever language their author wrote; translations and suggestions in the target's.
        const textLang = event.kind === 'commented' || event.kind === 'resolved' || event.kind === 'rejected'
          ? { dir: 'auto' as const } : { lang: lang.tag, dir: lang.dir };
        return (
          <li key={`${event.kind}-${event.at}-${event.segment}`} className={`activity-${event.kind}`}>
            <span className="who">{event.who ?? t('common:someone')}</span>{' '}
            {t(`dashboard:activity.kind.${event.kind}`)}{' '}
            <Link to={`/projects/${project}/${event.document.slug}/${event.lang}/s/${event.segment}`}>
              {event.text === '' ? t('dashboard:activity.emptyText') : <q {...textLang}>{event.text}</q>}
            </Link>
            {' · '}<span className="doc">{event.document.title}</span>
            {showLanguage ? <> · <span className="lang-english">{lang.englishName}</span></> : null}
            {' · '}<Timestamp ms={event.at} />
          </li>
        );
      })}
    </ol>
  );
}
