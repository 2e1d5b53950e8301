import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { pageTitle } from '~/i18n/meta';
import { Link, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ProgressBar, formatNumber, formatPercent, stateLabels } from '~/components/ProgressBar';
import { ActivityList } from '~/components/ActivityList';
import { projectActivity } from '~/services/activity.server';
import type { ByState } from '~/services/progress.server';
import { requireUser } from '~/services/http.server';
import { can, isProjectCoordinator } from '~/services/permissions.server';
import { loadDashboard } from '~/services/progress.server';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'dashboard:title') }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const url = new URL(request.url);
  const imported = url.searchParams.get('imported');
  return {
    projects: loadDashboard().filter((p) => can(user.id, 'read', p.id)).map(({ id, ...p }) => {
      const activity = projectActivity(id, { perLanguage: ACTIVITY_PER_LANGUAGE });
      return {
        ...p,
        canManage: isProjectCoordinator(user.id, id),
        activity: p.languages.map((lang) => ({ lang, events: activity.filter((e) => e.lang === lang.tag) })),
      };
    }),
    imported: imported ? { document: imported, version: url.searchParams.get('version') } : null,
  };
}

const ACTIVITY_PER_LANGUAGE = 5;

/** Each document × language with its segments and words by state, and the way into its editor. */
export default function Dashboard() {
  const { projects, imported } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation(['dashboard', 'common']);
  const states = useMemo(() => stateLabels(t), [t]);
  const locale = i18n.language;
  return (
    <div className="dashboard">
      <h1>{t('dashboard:title')}</h1>
      {imported ? <p className="notice" role="status">{t('dashboard:imported', { document: imported.document, version: imported.version })}</p> : null}
      {projects.map((project) => (
        <section key={project.slug} className="project" aria-labelledby={`project-${project.slug}`}>
          <h2 id={`project-${project.slug}`}>{project.title}</h2>
          {project.canManage ? (
            <ul className="project-links">
              <li><Link to={`/projects/${project.slug}/import`}>{t('dashboard:import')}</Link></li>
              <li><Link to={`/projects/${project.slug}/members`}>{t('dashboard:members')}</Link></li>
              <li><Link to={`/projects/${project.slug}/settings`}>{t('dashboard:settings')}</Link></li>
            </ul>
          ) : null}
          {project.documents.map((doc) => (
            <article key={doc.slug} className="document-progress" aria-labelledby={`doc-${project.slug}-${doc.slug}`}>
              <h3 id={`doc-${project.slug}-${doc.slug}`}>{doc.title}</h3>
              <p className="document-size">{t('dashboard:size', { segments: formatNumber(doc.totalSegments, locale), words: formatNumber(doc.totalWords, locale) })}</p>
              <table className="languages">
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard:language')}</th>
                    <th scope="col">{t('dashboard:segments')}</th>
                    <th scope="col">{t('dashboard:words')}</th>
                    <th scope="col">{t('dashboard:targetWords')}</th>
                    <th scope="col">{t('dashboard:openComments')}</th>
                    <th scope="col">{t('dashboard:published')}</th>
                  </tr>
                </thead>
                <tbody>
                  {doc.languages.map((p) => (
                    <tr key={p.lang.tag} data-lang={p.lang.tag}>
                      <th scope="row">
                        <Link to={`/projects/${project.slug}/${doc.slug}/${p.lang.tag}`}>
                          <span lang={p.lang.tag} dir={p.lang.dir} className={`script-${p.lang.script}`}>{p.lang.nativeName}</span>
                          {' '}<span className="lang-english">{p.lang.englishName}</span>
                        </Link>
                        <span className="percent-done">{t('dashboard:done', { percent: formatPercent(done(p.words), locale) })}</span>
                      </th>
                      <td><ProgressBar counts={p.segments} stateLabels={states} locale={locale} /></td>
                      <td><ProgressBar counts={p.words} stateLabels={states} locale={locale} /></td>
                      <td className="target-words">{formatNumber(p.targetWords, locale)}</td>
                      <td className="open-comments">
                        {p.openComments === 0 ? formatNumber(0, locale) : (
                          <Link to={`/projects/${project.slug}/${doc.slug}/${p.lang.tag}?state=comments`} aria-label={t('dashboard:openCommentsLink', { count: p.openComments, language: p.lang.englishName })}>
                            {formatNumber(p.openComments, locale)}
                          </Link>
                        )}
                      </td>
                      <td className="published">
                        {p.published !== null ? (
                          <a href={`/read/${project.slug}/${doc.slug}/${p.lang.tag}`}>{t('dashboard:publishedVersion', { number: p.published })}</a>
                        ) : t('dashboard:notPublished')}
                        {project.canManage ? <> · <Link to={`/projects/${project.slug}/${doc.slug}/${p.lang.tag}/publish`} aria-label={t('dashboard:publishLink', { language: p.lang.englishName })}>{t('dashboard:publish')}</Link></> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </article>
          ))}
          <section className="activity-feed" aria-labelledby={`activity-${project.slug}`}>
            <h3 id={`activity-${project.slug}`}>{t('dashboard:activity.heading')}</h3>
            {project.activity.map(({ lang, events }) => (
              <details key={lang.tag} open={events.length > 0} data-lang={lang.tag}>
                <summary>
                  <span lang={lang.tag} dir={lang.dir}>{lang.nativeName}</span> <span className="lang-english">{lang.englishName}</span>
                </summary>
                <ActivityList events={events} project={project.slug} />
                {events.length > 0 ? <p><Link to={`/projects/${project.slug}/activity?lang=${lang.tag}`}>{t('dashboard:activity.more', { language: lang.englishName })}</Link></p> : null}
              </details>
            ))}
          </section>
        </section>
      ))}
    </div>
  );
}

/** Share of source words whose translation is translated or approved. */
function done(words: ByState): number {
  const total = words.untranslated + words['needs-work'] + words.translated + words.approved;
  return total === 0 ? 0 : (words.translated + words.approved) / total;
}
