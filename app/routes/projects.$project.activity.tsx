import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ActivityList } from '~/components/ActivityList';
import { pageTitle } from '~/i18n/meta';
import { activityPage } from '~/services/activity.server';
import { orErrorResponse, requireUser } from '~/services/http.server';

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => [
  { title: pageTitle(matches, d ? 'dashboard:activity.pageTitle' : null, d ? { project: d.project.title } : {}) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const url = new URL(request.url);
  const before = Number(url.searchParams.get('before'));
  return orErrorResponse(request, () => activityPage({
    project: params.project!, lang: url.searchParams.get('lang'), before: Number.isSafeInteger(before) && before > 0 ? before : null, viewer: user.id,
  }));
}

/** Everything that happened in a project, newest first, for one language or all. */
export default function Activity() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTranslation(['dashboard', 'common']);
  return (
    <div className="activity-page">
      <nav className="breadcrumbs" aria-label={t('common:breadcrumbs')}>
        <Link to="/">{t('common:dashboard')}</Link>
      </nav>
      <h1>{t('dashboard:activity.pageTitle', { project: d.project.title })}</h1>
      <Form method="get" className="activity-filter">
        <label htmlFor="lang">{t('dashboard:activity.filter')}</label>
        <select id="lang" name="lang" defaultValue={d.lang?.tag ?? ''}>
          <option value="">{t('dashboard:activity.allLanguages')}</option>
          {d.languages.map((lang) => <option key={lang.tag} value={lang.tag}>{lang.englishName} · {lang.nativeName}</option>)}
        </select>
        <button type="submit">{t('dashboard:activity.show')}</button>
      </Form>
      <ActivityList events={d.events} project={d.project.slug} showLanguage={d.lang === null} />
      {d.older ? <p><Link to={`?${new URLSearchParams({ ...(d.lang ? { lang: d.lang.tag } : {}), before: String(d.older) })}`}>{t('dashboard:activity.older')}</Link></p> : null}
    </div>
  );
}
