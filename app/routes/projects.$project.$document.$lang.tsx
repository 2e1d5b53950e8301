import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation, useRouteLoaderData, type ShouldRevalidateFunction } from '@remix-run/react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorNotices } from '~/components/EditorNotices';
import { FormError } from '~/components/FormError';
import { Pager } from '~/components/Pager';
import { ProgressBar, formatNumber } from '~/components/ProgressBar';
import { rowLabels, rowSegment, SegmentRow, type SaveResponse } from '~/components/SegmentRow';
import { ShortcutSheet, useEditorShortcuts } from '~/components/ShortcutSheet';
import { useHydrated } from '~/components/useHydrated';
import { AppError, type ErrorBody } from '~/domain/errors';
import { pageOf } from '~/domain/paging';
import { isStateName, needsAttention, STATE_NAMES, stateValue, type StateName } from '~/domain/translation-state';
import { pageTitle } from '~/i18n/meta';
import type { RootData } from '~/root';
import { loadEditor, type EditorSegment } from '~/services/editor.server';
import { parseEditorPost, runInlineCommand, runPageCommand } from '~/services/editor-form.server';
import { errorData, FORM_FIELD_LIMIT, orErrorResponse, readMutation, requireUser, runAction } from '~/services/http.server';
import type { SaveResult } from '~/services/translations.server';

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => [
  { title: pageTitle(matches, d ? 'editor:pageTitle' : null, d ? { document: d.document.title, language: d.lang.nativeName } : {}) },
];

const FILTERS = ['all', 'attention', ...STATE_NAMES, 'comments', 'suggestions'] as const;
type Filter = (typeof FILTERS)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const editor = orErrorResponse(request, () => loadEditor({ project: params.project!, document: params.document!, lang: params.lang!, viewer: user.id }));
  const url = new URL(request.url);
  const filterParam = url.searchParams.get('state') ?? 'all';
  const filter: Filter = (FILTERS as readonly string[]).includes(filterParam) ? (filterParam as Filter) : 'all';
  const counts = Object.fromEntries(STATE_NAMES.map((s) => [s, 0])) as Record<StateName, number>;
  for (const s of editor.segments) if (s.translatable) counts[s.target?.state ?? 'untranslated']++;
  const matching = editor.segments.filter((s) => matches(filter, s));
  const words = matching.reduce((n, s) => n + (s.translatable ? s.wordCount : 0), 0);
  // The page needs neither the word counts nor the closing markup of codes, nor empty fields: keep its data small.
  const pageParam = url.searchParams.get('page');
  const at = url.searchParams.get('at');
  const paged = pageOf(matching, {
    page: pageParam === 'all' ? 'all' : pageParam === null ? null : Number(pageParam),
    containing: at ? (s) => s.key === at : undefined,
  });
  const shown = paged.items.map(rowSegment);
  const done = ['saved', 'approved', 'suggested'].find((d) => url.searchParams.has(d)) as 'saved' | 'approved' | 'suggested' | undefined;
  return {
    ...editor, segments: shown, total: editor.segments.length, words, counts, filter,
    paging: { page: paged.page, pages: paged.pages, from: paged.from, to: paged.to, total: paged.total, all: pageParam === 'all' },
    openThreads: editor.segments.reduce((n, s) => n + s.openThreads, 0),
    done: done ? { kind: done, count: Number(url.searchParams.get(done)) || 0, at: url.searchParams.get('at') } : null,
  };
}

function matches(filter: Filter, s: EditorSegment): boolean {
  if (filter === 'all') return true;
  if (!s.translatable) return false;
  if (filter === 'comments') return s.openThreads > 0;
  if (filter === 'suggestions') return s.openSuggestions > 0;
  const state = s.target?.state ?? 'untranslated';
  if (filter === 'attention') return needsAttention(stateValue(state));
  return isStateName(filter) && state === filter;
}

/** The answer to a whole-page post (no JavaScript) when some rows were refused. */
export interface PagePostAnswer {
  saved: SaveResult[];
  refused: { segment: string; text: string | null; error: ErrorBody['error'] }[];
}

export async function action({ request, params }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { user, form } = await readMutation(request, { maxBytes: EDITOR_BODY_LIMIT, maxFieldBytes: FORM_FIELD_LIMIT });
    const command = parseEditorPost(form);
    const address = { project: params.project!, document: params.document!, lang: params.lang!, userId: user!.id };
    if (form.get('_inline') === '1') {
      try {
        return runInlineCommand(address, command);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // The row shows the refusal next to the text as it was typed, so nothing is lost.
        const row = command.kind === 'suggest' ? command.row : command.kind === 'save' ? command.rows[0] : null;
        return errorData(error, row ? { submitted: { segment: row.segment, text: row.text } } : { submitted: { segment: command.kind === 'approve' ? command.items[0].segment : '', text: null } });
      }
    }
    const outcome = runPageCommand(address, command);
    if (outcome.refused.length === 0) throw redirect(returnLocation(request, outcome.done, outcome.count, outcome.at));
    const status = outcome.refused.some((r) => r.error.code === 'version_conflict') ? 409 : outcome.refused[0].error.status;
    const answer: PagePostAnswer = {
      saved: 'saved' in outcome ? outcome.saved ?? [] : [],
      refused: outcome.refused.map((r) => ({ segment: r.segment, text: r.text, error: r.error.toJSON().error })),
    };
    return data(answer, { status });
  });
}

/** Back to the page and filter the form was posted from, at the row whose button was pressed. */
function returnLocation(request: Request, done: string, count: number, segment: string | null): string {
  const target = new URL(request.url);
  for (const key of ['index', 'saved', 'approved', 'suggested', 'at']) target.searchParams.delete(key);
  target.searchParams.set(done, String(count));
  if (segment) target.searchParams.set('at', segment);
  return `${target.pathname}${target.search}${segment ? `#seg-${segment}` : ''}`;
}

/** A page of every row of a long document, posted without JavaScript, carries all its texts. */
const EDITOR_BODY_LIMIT = 8 * 1024 * 1024;

// A save in place updates its own row; reloading all segments after each one would slow slow laptops.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, formData, defaultShouldRevalidate }) => {
  if (formMethod === 'POST' && formData?.get('_inline') === '1') return false;
  return defaultShouldRevalidate;
};

export default function Editor() {
  const d = useLoaderData<typeof loader>();
  const posted = useActionData<PagePostAnswer | ErrorBody>();
  const location = useLocation();
  const { t, i18n } = useTranslation(['editor', 'common', 'errors', 'exchange', 'publish']);
  const csrfToken = useRouteLoaderData<RootData>('root')?.csrfToken ?? '';
  const labels = useMemo(() => rowLabels(t, i18n), [t, i18n]);
  const hydrated = useHydrated();
  useEditorShortcuts(hydrated);
  const search = new URLSearchParams(location.search);
  for (const key of ['saved', 'approved', 'suggested', 'at']) search.delete(key);
  const actionPath = `${location.pathname}${search.size ? `?${search}` : ''}`;
  const postResults = useMemo(() => resultsByRow(posted), [posted]);
  const base = `/projects/${d.project.slug}/${d.document.slug}/${d.lang.tag}`;
  const approvable = d.may.review && d.segments.some((s) => s.target && s.target.state !== 'approved' && s.target.text !== '');

  return (
    <div className="editor">
      <nav className="breadcrumbs" aria-label={t('common:breadcrumbs')}>
        <Link to="/">{t('common:dashboard')}</Link> › <span>{d.project.title}</span> › <span>{d.document.title}</span>
      </nav>
      <h1>
        {t('editor:title', { document: d.document.title })}{' '}
        <span lang={d.lang.tag} dir={d.lang.dir} className={`script-${d.lang.script}`}>{d.lang.nativeName}</span>
        {' '}<span className="lang-english">({d.lang.englishName})</span>
      </h1>
      <p className="editor-links">
        <Link to={`${base}/read`}>{t('editor:readingMode')}</Link>
        {d.may.export || d.may.review ? <> · <Link to={`${base}/xliff`}>{t('exchange:link')}</Link></> : null}
        {d.may.manage ? <> · <Link to={`${base}/publish`}>{t('publish:link')}</Link></> : null}
        {d.openThreads > 0 ? <> · <Link to={`${base}?state=comments`}>{t('editor:openThreads', { count: d.openThreads })}</Link></> : null}
      </p>
      <h2 className="visually-hidden">{t('editor:progressHeading')}</h2>
      <ProgressBar counts={d.counts} stateLabels={labels.state} locale={i18n.language} />
      <Form method="get" className="filters">
        <label htmlFor="state-filter">{t('editor:filter.label')}</label>
        <select id="state-filter" name="state" defaultValue={d.filter}>
          {FILTERS.map((f) => <option key={f} value={f}>{t(`editor:filter.${f}`)}</option>)}
        </select>
        <button type="submit">{t('editor:filter.apply')}</button>
        <span className="filter-count">{t('editor:filter.showing', { shown: formatNumber(d.paging.total, i18n.language), total: formatNumber(d.total, i18n.language), words: formatNumber(d.words, i18n.language) })}</span>
      </Form>
      <ShortcutSheet reviewer={d.may.review} />
      <p id="editor-announcer" className="visually-hidden" role="status" aria-live="polite" />
      <p id="target-label" className="visually-hidden">{t('editor:targetLabel', { language: d.lang.englishName })}</p>
      {d.segments.length === 0 ? <p className="empty">{t('editor:filter.none')}</p> : null}
      <Pager {...d.paging} search={location.search} />
      <EditorNotices done={d.done} refused={posted && 'refused' in posted ? posted.refused.length : 0} />
      <FormError error={posted && 'error' in posted ? posted.error : null} />
      {/* One form for the page: without JavaScript any row's button posts every row, and each changed row is saved. */}
      <form method="post" action={actionPath} id="segments-form">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <ol className="segments">
          {d.segments.map((segment) => (
            <SegmentRow
              key={segment.key}
              segment={segment}
              number={segment.position + 1}
              lang={d.lang}
              sourceLang={d.project.sourceLang}
              detailsHref={`${base}/s/${segment.key}`}
              actionPath={actionPath}
              justDone={d.done?.at === segment.key ? d.done.kind : null}
              postResult={postResults.get(segment.key)}
              draftKey={`draft:${base}/${segment.key}`}
              csrfToken={csrfToken}
              hydrated={hydrated}
              may={d.may}
              t={t}
              labels={labels}
            />
          ))}
        </ol>
        {d.segments.some((s) => s.translatable) && (d.may.translate || d.may.review) ? (
          <p className="save-all">
            <button type="submit" name="intent" value="save-all">{t('editor:saveAll')}</button> <span className="hint">{t('editor:saveAllHint')}</span>
            {approvable ? <> <button type="submit" name="intent" value="approve-selected" className="approve">{t('editor:approveSelected')}</button></> : null}
          </p>
        ) : null}
      </form>
      <Pager {...d.paging} search={location.search} />
    </div>
  );
}

/** Each row's part of the answer to a whole-page post: saved, or refused with the text as typed. */
function resultsByRow(posted: PagePostAnswer | ErrorBody | undefined): Map<string, SaveResponse> {
  const results = new Map<string, SaveResponse>();
  if (!posted || !('refused' in posted)) return results;
  for (const result of posted.saved) results.set(result.segment, { ok: true, result });
  for (const refusal of posted.refused) {
    results.set(refusal.segment, { error: refusal.error, submitted: { segment: refusal.segment, text: refusal.text } });
  }
  return results;
}
