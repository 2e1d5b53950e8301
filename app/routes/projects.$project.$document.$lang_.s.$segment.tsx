import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from '~/components/CsrfInput';
import { FormError } from '~/components/FormError';
import { CommentsPanel, SuggestionsPanel, TranslationPanel } from '~/components/SegmentPanels';
import { codeKindLabels, SourceText } from '~/components/SourceText';
import { StateBadge } from '~/components/StateBadge';
import { Timestamp } from '~/components/Timestamp';
import { pageTitle } from '~/i18n/meta';
import { orErrorResponse, readMutation, requireUser, runAction } from '~/services/http.server';
import { loadSegmentPage, parseSegmentPost, runSegmentCommand } from '~/services/segment-page.server';

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => [
  { title: pageTitle(matches, d ? 'segment:title' : null, d ? { language: d.lang.nativeName } : {}) },
];

const DONE = ['restore', 'approve', 'reject', 'suggest', 'vote', 'withdraw', 'accept', 'comment', 'resolve'] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const address = { project: params.project!, document: params.document!, lang: params.lang!, segment: params.segment! };
  const page = orErrorResponse(request, () => loadSegmentPage({ ...address, viewer: user.id }));
  const done = new URL(request.url).searchParams.get('done');
  return { ...page, done: DONE.find((d) => d === done) ?? null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { user, form } = await readMutation(request);
    const command = parseSegmentPost(form);
    const { done, anchor } = runSegmentCommand({
      project: params.project!, document: params.document!, lang: params.lang!, segment: params.segment!, userId: user!.id,
    }, command);
    // Post/redirect/get: reloading the page does not send the form again.
    throw redirect(`${new URL(request.url).pathname}?done=${done}#${anchor}`);
  });
}

/** One segment in one language: translation and review, suggestions and votes, comments, and every revision. */
export default function SegmentPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation(['segment', 'history', 'editor', 'common']);
  const editorHref = `/projects/${d.project.slug}/${d.document.slug}/${d.lang.tag}?at=${d.key}#seg-${d.key}`;
  const currentVersion = d.current?.version ?? 0;
  const { hash } = useLocation();
  // Arriving by a shortcut from the editor (#reject, #comment) or after a form (#suggestions…): put the keyboard
  // there, so the next keystroke types the comment or a screen reader reads the part that changed.
  useEffect(() => {
    const target = hash ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
    target?.focus();
  }, [hash, d]);
  return (
    <div className="segment-page">
      <nav className="breadcrumbs" aria-label={t('common:breadcrumbs')}>
        <Link to="/">{t('common:dashboard')}</Link> › <Link to={editorHref}>{d.document.title} · {d.lang.nativeName}</Link>
      </nav>
      <h1>{t('segment:title', { language: d.lang.nativeName })}</h1>
      {d.done ? <p className="notice" role="status">{t(`segment:done.${d.done}`)}</p> : null}
      <FormError error={answer && 'error' in answer ? answer.error : null} />
      <section aria-labelledby="source-heading">
        <h2 id="source-heading">{t('segment:source', { language: d.sourceLang.nativeName })}</h2>
        <p className="source" lang={d.sourceLang.tag} dir={d.sourceLang.dir}>
          <SourceText text={d.source.placeholderText} codes={d.source.codes} kinds={codeKindLabels(t)} />
        </p>
        {d.source.translatable ? null : <p>{t('segment:notTranslatable')}</p>}
      </section>
      <TranslationPanel d={d} editorHref={editorHref} />
      <SuggestionsPanel d={d} />
      <CommentsPanel d={d} />
      <section id="history" aria-labelledby="history-heading" tabIndex={-1}>
        <h2 id="history-heading">{t('segment:history')}</h2>
        {d.history.length === 0 ? <p>{t('history:empty')}</p> : null}
        <ol className="revisions" reversed>
          {d.history.map((revision) => (
            <li key={revision.id} className="revision">
              <p className="revision-meta">
                {t('history:meta', { version: revision.version, author: revision.author ?? t('common:someone') })}{' '}
                <Timestamp ms={revision.createdAt} /> · <StateBadge state={revision.state} label={t(`common:state.${revision.state}`)} /> · {t(`history:origin.${revision.origin}`)}
                {revision.restoredFromId ? ` · ${t('history:restoredFrom')}` : ''}
              </p>
              <p className="revision-text" lang={d.lang.tag} dir={d.lang.dir}>
                {revision.text === '' ? <em>{t('history:emptyText')}</em> : revision.text}
              </p>
              {revision.comment ? <p className="revision-comment" dir="auto">{t('segment:rejectedBecause', { comment: revision.comment })}</p> : null}
              {revision.version !== currentVersion && d.may.translate && d.source.translatable ? (
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="revisionId" value={revision.id} />
                  <input type="hidden" name="baseVersion" value={currentVersion} />
                  <button type="submit" name="intent" value="restore">{t('history:restore', { version: revision.version })}</button>
                </Form>
              ) : revision.version === currentVersion ? <p className="current-marker">{t('history:current')}</p> : null}
            </li>
          ))}
        </ol>
      </section>
      <p><Link to={editorHref}>{t('history:back')}</Link></p>
    </div>
  );
}
