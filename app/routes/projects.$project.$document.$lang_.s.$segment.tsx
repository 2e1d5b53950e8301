import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { CsrfInput } from '~/components/CsrfInput';
import { FormError } from '~/components/FormError';
import { codeKindLabels, SourceText } from '~/components/SourceText';
import { StateBadge } from '~/components/StateBadge';
import { Timestamp } from '~/components/Timestamp';
import { AppError } from '~/domain/errors';
import { languageInfo } from '~/domain/languages';
import { orErrorResponse, readMutation, requireUser, runAction } from '~/services/http.server';
import { restoreRevision, segmentHistory } from '~/services/translations.server';
import { pageTitle } from '~/i18n/meta';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'history:title') }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const address = { project: params.project!, document: params.document!, lang: params.lang!, segment: params.segment! };
  const { segment, history } = orErrorResponse(request, () => segmentHistory({ ...address, viewer: user.id }));
  return {
    address,
    lang: languageInfo(segment.lang),
    sourceLang: languageInfo(segment.project.sourceLang),
    documentTitle: segment.document.title,
    source: { placeholderText: segment.placeholderText, codes: segment.codes },
    currentVersion: history[0]?.version ?? 0,
    history,
    restored: new URL(request.url).searchParams.get('restored'),
  };
}

const RestoreForm = z.object({ revisionId: z.coerce.number().int().positive(), baseVersion: z.coerce.number().int().min(0) });

export async function action({ request, params }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { user, form } = await readMutation(request);
    const parsed = RestoreForm.safeParse({ revisionId: form.get('revisionId'), baseVersion: form.get('baseVersion') });
    if (!parsed.success || form.get('intent') !== 'restore') throw new AppError('bad_request', 400, 'the form is incomplete');
    const result = restoreRevision({
      project: params.project!, document: params.document!, lang: params.lang!, segment: params.segment!,
      userId: user!.id, ...parsed.data,
    });
    throw redirect(`${new URL(request.url).pathname}?restored=${result.version}`);
  });
}

/** Every revision of one segment in one language, newest first, each restorable as a new revision. */
export default function SegmentHistory() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation(['history', 'editor', 'common']);
  const editorHref = `/projects/${d.address.project}/${d.address.document}/${d.address.lang}`;
  return (
    <div className="history">
      <nav className="breadcrumbs" aria-label={t('common:breadcrumbs')}>
        <Link to="/">{t('common:dashboard')}</Link> › <Link to={`${editorHref}#seg-${d.address.segment}`}>{d.documentTitle} · {d.lang.englishName}</Link>
      </nav>
      <h1>{t('history:title')}</h1>
      <p className="source" lang={d.sourceLang.tag} dir={d.sourceLang.dir}>
        <SourceText text={d.source.placeholderText} codes={d.source.codes} kinds={codeKindLabels(t)} />
      </p>
      {d.restored ? <p className="notice" role="status">{t('history:restored', { version: d.restored })}</p> : null}
      <FormError error={answer && 'error' in answer ? answer.error : null} />
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
            {revision.version !== d.currentVersion ? (
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="restore" />
                <input type="hidden" name="revisionId" value={revision.id} />
                <input type="hidden" name="baseVersion" value={d.currentVersion} />
                <button type="submit">{t('history:restore', { version: revision.version })}</button>
              </Form>
            ) : <p className="current-marker">{t('history:current')}</p>}
          </li>
        ))}
      </ol>
      <p><Link to={`${editorHref}#seg-${d.address.segment}`}>{t('history:back')}</Link></p>
    </div>
  );
}
