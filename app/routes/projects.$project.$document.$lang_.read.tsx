import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from '~/components/CsrfInput';
import { FormError } from '~/components/FormError';
import { Legend, ReadingArticle, Refusals, type ApprovalAnswer } from '~/components/ReadingDocument';
import { AppError, type ErrorBody } from '~/domain/errors';
import { pageTitle } from '~/i18n/meta';
import type { RootData } from '~/root';
import { orErrorResponse, readMutation, requireUser, runAction, type FormFields } from '~/services/http.server';
import { approveFromReading, loadReading } from '~/services/reading.server';

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => [
  { title: pageTitle(matches, d ? 'review:readingTitle' : null, d ? { document: d.document.title, language: d.lang.nativeName } : {}) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const address = { project: params.project!, document: params.document!, lang: params.lang! };
  const reading = orErrorResponse(request, () => loadReading({ ...address, viewer: user.id }));
  const approved = Number(new URL(request.url).searchParams.get('approved') ?? NaN);
  return { ...reading, approved: Number.isInteger(approved) && approved >= 0 ? approved : null };
}

/** `approve=KEY:VERSION`, one per ticked sentence: the version is the text the reviewer read. */
const APPROVAL = /^([a-z2-7]{10}(?:-\d{1,4})?):(\d{1,9})$/;

function selectedSentences(form: FormFields): { segment: string; version: number }[] {
  if (form.get('intent') !== 'approve') throw new AppError('bad_request', 400, 'the form is incomplete', { fields: ['intent'] });
  const items = new Map<string, number>();
  for (const value of form.all('approve')) {
    const m = APPROVAL.exec(value);
    if (!m) throw new AppError('bad_request', 400, 'the form is incomplete', { fields: ['approve'] });
    items.set(m[1], Number(m[2]));
  }
  return [...items].map(([segment, version]) => ({ segment, version }));
}

export async function action({ request, params }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { user, form } = await readMutation(request);
    const items = selectedSentences(form);
    const address = { project: params.project!, document: params.document!, lang: params.lang! };
    const { approved, refused } = approveFromReading({ ...address, userId: user!.id, items });
    const count = approved.filter((a) => a.changed).length;
    if (refused.length === 0) throw redirect(`${new URL(request.url).pathname}?approved=${count}`);
    const status = refused.some((r) => r.error.code === 'version_conflict') ? 409 : refused[0].error.status;
    const answer: ApprovalAnswer = { approved: count, refused: refused.map((r) => ({ segment: r.segment, error: r.error.toJSON().error })) };
    return data(answer, { status });
  });
}

/**
 * The document in one language as a reader will see it, each sentence a link to its row in the editor.
 * Untranslated sentences show the English in their place, marked; translated but unapproved ones are marked.
 * For reviewers of the language the page is one form: a box beside each unapproved sentence, one button.
 */
export default function ReadingPage() {
  const d = useLoaderData<typeof loader>();
  const posted = useActionData<ApprovalAnswer | ErrorBody>();
  const { t } = useTranslation(['review', 'common', 'errors']);
  const root = useRouteLoaderData<RootData>('root');
  const ui = { lang: root?.locale ?? 'en', dir: root?.dir ?? 'ltr' };
  const base = `/projects/${d.project.slug}/${d.document.slug}/${d.lang.tag}`;
  const article = <ReadingArticle d={d} editorHref={base} ui={ui} />;
  // After a redirect the count is in the address; after a partly refused post, in the answer.
  const approvedCount = posted && 'refused' in posted ? (posted.approved > 0 ? posted.approved : null) : d.approved;

  return (
    <div className="reading">
      <nav className="breadcrumbs" aria-label={t('common:breadcrumbs')}>
        <Link to="/">{t('common:dashboard')}</Link> › <span>{d.project.title}</span> › <Link to={base}>{d.document.title}</Link>
      </nav>
      <h1>
        {t('review:reading.heading', { document: d.document.title })}{' '}
        <span lang={d.lang.tag} dir={d.lang.dir} className={`script-${d.lang.script}`}>{d.lang.nativeName}</span>
        {' '}<span className="lang-english">({d.lang.englishName})</span>
      </h1>
      <p className="reading-back"><Link to={base}>{t('review:reading.backToEditor')}</Link></p>
      {approvedCount !== null ? <p className="notice" role="status">{t('review:reading.approved', { count: approvedCount })}</p> : null}
      {posted && 'refused' in posted ? <Refusals answer={posted} d={d} ui={ui} /> : null}
      <FormError error={posted && 'error' in posted ? posted.error : null} />
      <Legend counts={d.counts} mayReview={d.mayReview} />
      {d.mayReview ? (
        // Plain HTML: the reviewer reads, unticks what they disagree with, and posts; no JavaScript needed.
        <form method="post" action={`${base}/read`} className="reading-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="approve" />
          {article}
          <p className="reading-approve">
            {d.counts.unapproved > 0
              ? <button type="submit">{t('review:reading.approveSelected')}</button>
              : <span className="hint">{t('review:reading.nothingToApprove')}</span>}
          </p>
        </form>
      ) : article}
    </div>
  );
}

