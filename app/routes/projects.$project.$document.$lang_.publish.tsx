import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from '~/components/CsrfInput';
import { FormError } from '~/components/FormError';
import { Timestamp } from '~/components/Timestamp';
import { TranslatedText } from '~/components/TranslatedText';
import { AppError } from '~/domain/errors';
import { pageTitle } from '~/i18n/meta';
import { orErrorResponse, readMutation, requireUser, runAction, wantsJson } from '~/services/http.server';
import { publishPage, setPublicationHidden } from '~/services/publications.server';
import { publish } from '~/services/publishing.server';

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => [
  { title: pageTitle(matches, d ? 'publish:title' : null, d ? { document: d.document.title, language: d.lang.nativeName } : {}) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const page = orErrorResponse(request, () => publishPage({ project: params.project!, document: params.document!, lang: params.lang!, viewer: user.id }));
  const published = Number(new URL(request.url).searchParams.get('published') ?? NaN);
  return { ...page, justPublished: Number.isInteger(published) ? published : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { user, form } = await readMutation(request);
    const address = { project: params.project!, document: params.document!, lang: params.lang! };
    const here = `/projects/${address.project}/${address.document}/${address.lang}/publish`;
    const intent = form.get('intent');
    if (intent === 'publish') {
      const result = publish({ ...address, userId: user!.id });
      if (wantsJson(request)) return data(result);
      throw redirect(`${here}?published=${result.number}`);
    }
    if (intent === 'hide' || intent === 'show') {
      const number = Number(form.get('number'));
      if (!Number.isSafeInteger(number) || number < 1) throw new AppError('bad_request', 400, 'which publication?', { fields: ['number'] });
      setPublicationHidden({ ...address, number, hidden: intent === 'hide', actor: user!.id });
      throw redirect(here);
    }
    throw new AppError('bad_request', 400, 'unknown action', { fields: ['intent'] });
  });
}

/** Coordinators see what publishing would give, publish, and hide or show earlier publications. */
export default function PublishPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(['publish', 'common']);
  const base = `/projects/${d.project.slug}/${d.document.slug}/${d.lang.tag}`;
  const next = (d.publications[0]?.number ?? 0) + 1;
  return (
    <div className="publish">
      <nav className="breadcrumbs" aria-label={t('common:breadcrumbs')}>
        <Link to="/">{t('common:dashboard')}</Link> › <span>{d.project.title}</span> › <Link to={base}>{d.document.title} — {d.lang.nativeName}</Link>
      </nav>
      <h1>{t('publish:title', { document: d.document.title, language: d.lang.nativeName })}</h1>
      <FormError error={answer && 'error' in answer ? answer.error : null} />
      {d.justPublished !== null ? (
        <p className="notice" role="status">{t('publish:published', { number: d.justPublished })} <a href={d.publicUrl}>{t('publish:public')}</a></p>
      ) : null}
      {d.approved === 0 ? <p>{t('publish:nothing')}</p>
        : d.missing.length === 0 ? <p>{t('publish:ready', { count: d.approved })}</p> : (
          <>
            <p>{t('publish:approved', { count: d.approved })} {t('publish:missing', { count: d.missing.length })}</p>
            <p className={d.fallback === 'refuse' ? 'form-error' : 'hint'}>{t(d.fallback === 'refuse' ? 'publish:refuse' : 'publish:fallback')}</p>
            <details>
              <summary>{t('publish:missingHeading')}</summary>
              <ol className="changes">
                {d.missing.map((m) => (
                  <li key={m.key} lang={d.sourceLang.tag} dir={d.sourceLang.dir}>
                    <Link to={`${base}?at=${m.key}#seg-${m.key}`}><TranslatedText text={m.source} codes={m.codes} /></Link>
                  </li>
                ))}
              </ol>
            </details>
          </>
        )}
      {d.canPublish ? (
        <Form method="post">
          <CsrfInput />
          <button type="submit" name="intent" value="publish" className="primary" disabled={navigation.state === 'submitting'}>{t('publish:publish', { number: next })}</button>
        </Form>
      ) : null}
      <h2>{t('publish:history')}</h2>
      {d.publications.length === 0 ? <p>{t('publish:none')}</p> : (
        <ul className="publications">
          {d.publications.map((p) => (
            <li key={p.number}>
              {p.by ? t('publish:row', { number: p.number, by: p.by, source: p.sourceVersion }) : t('publish:rowSystem', { number: p.number, source: p.sourceVersion })}
              {' '}<Timestamp ms={p.createdAt} />
              {p.fallback ? <> · {t('publish:withFallback', { count: p.fallback })}</> : null}
              {p.hiddenAt ? <> · <strong>{t('publish:hidden')}</strong></> : <> · <a href={`${d.publicUrl}/v/${p.number}`}>{t('publish:view')}</a></>}
              <Form method="post" className="inline-form">
                <CsrfInput />
                <input type="hidden" name="number" value={p.number} />
                <button type="submit" name="intent" value={p.hiddenAt ? 'show' : 'hide'} className="link-button">{t(p.hiddenAt ? 'publish:show' : 'publish:hide')}</button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
