import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation, useRouteLoaderData, type ShouldRevalidateFunction } from '@remix-run/react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { FormError } from '~/components/FormError';
import { pageTitle } from '~/i18n/meta';
import { useHydrated } from '~/components/useHydrated';
import { ProgressBar, formatNumber } from '~/components/ProgressBar';
import type { RootData } from '~/root';
import { rowLabels, SegmentRow, type RowSegment, type SaveResponse } from '~/components/SegmentRow';
import { AppError, type ErrorBody } from '~/domain/errors';
import { isStateName, STATE_NAMES, stateValue, needsAttention, type StateName } from '~/domain/translation-state';
import { loadEditor } from '~/services/editor.server';
import { errorData, FORM_FIELD_LIMIT, orErrorResponse, readMutation, requireUser, runAction, type FormFields } from '~/services/http.server';
import { saveEditedRows, saveTranslation, type SaveResult } from '~/services/translations.server';

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => [
  { title: pageTitle(matches, d ? 'editor:pageTitle' : null, d ? { document: d.document.title, language: d.lang.nativeName } : {}) },
];

const FILTERS = ['all', 'attention', ...STATE_NAMES] as const;
type Filter = (typeof FILTERS)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const editor = orErrorResponse(request, () => loadEditor({ project: params.project!, document: params.document!, lang: params.lang!, viewer: user.id }));
  const url = new URL(request.url);
  const filterParam = url.searchParams.get('state') ?? 'all';
  const filter: Filter = (FILTERS as readonly string[]).includes(filterParam) ? (filterParam as Filter) : 'all';
  const counts = Object.fromEntries(STATE_NAMES.map((s) => [s, 0])) as Record<StateName, number>;
  for (const s of editor.segments) if (s.translatable) counts[s.target?.state ?? 'untranslated']++;
  const matching = editor.segments.filter((s) => matches(filter, s.translatable, s.target?.state ?? 'untranslated'));
  const words = matching.reduce((n, s) => n + (s.translatable ? s.wordCount : 0), 0);
  // The page needs neither the word counts nor the closing markup of codes: keep its data small.
  const shown: RowSegment[] = matching.map(({ wordCount: _words, codes, ...s }) => ({ ...s, codes: codes.map(({ close: _close, ...c }) => c) }));
  const savedCount = Number(url.searchParams.get('saved') ?? NaN);
  return {
    ...editor, segments: shown, total: editor.segments.length, words, counts, filter,
    saved: Number.isInteger(savedCount) ? { count: savedCount, at: url.searchParams.get('at') } : null,
  };
}

function matches(filter: Filter, translatable: boolean, state: StateName): boolean {
  if (filter === 'all') return true;
  if (!translatable) return false;
  if (filter === 'attention') return needsAttention(stateValue(state));
  return isStateName(filter) && state === filter;
}

const SEGMENT_KEY = /^[a-z2-7]{10}(?:-\d{1,4})?$/;
const Row = z.object({
  segment: z.string().regex(SEGMENT_KEY),
  text: z.string(),
  baseVersion: z.coerce.number().int().min(0),
  needsWork: z.boolean(),
});

/**
 * The page is one form: every row has `text.KEY`, `version.KEY` and `needsWork.KEY`, and each row's Save
 * button sends `segment=KEY`. Without JavaScript the whole page is posted and every row the person changed
 * is saved; with it a row posts itself alone, with `_inline=1`, and gets its result back in place.
 */
function editedRows(form: FormFields): z.infer<typeof Row>[] {
  const rows = form.names().filter((name) => name.startsWith('version.')).map((name) => {
    const segment = name.slice('version.'.length);
    return Row.safeParse({
      segment, text: form.get(`text.${segment}`), baseVersion: form.get(name), needsWork: form.has(`needsWork.${segment}`),
    });
  });
  const bad = rows.filter((r) => !r.success);
  if (bad.length || form.get('intent') !== 'save') {
    throw new AppError('bad_request', 400, 'the form is incomplete', { fields: bad.flatMap((r) => r.error?.issues.map((i) => i.path.join('.')) ?? []) });
  }
  return rows.map((r) => r.data!);
}

/** The answer to a post of the whole page (no JavaScript) when some rows could not be saved. */
export interface PagePostAnswer {
  saved: SaveResult[];
  refused: { segment: string; text: string; error: ErrorBody['error'] }[];
}

export async function action({ request, params }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { user, form } = await readMutation(request, { maxBytes: EDITOR_BODY_LIMIT, maxFieldBytes: FORM_FIELD_LIMIT });
    const rows = editedRows(form);
    const clicked = form.get('segment');
    const address = { project: params.project!, document: params.document!, lang: params.lang!, userId: user!.id };
    if (form.get('_inline') === '1') {
      const row = rows.find((r) => r.segment === clicked);
      if (!row || rows.length !== 1) throw new AppError('bad_request', 400, 'an in-place save sends exactly one row');
      try {
        return { ok: true as const, result: saveTranslation({ ...address, ...row }) };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        // The row shows the refusal next to the text as it was typed, so nothing is lost.
        return errorData(error, { submitted: { segment: row.segment, text: row.text } });
      }
    }
    const { saved, refused } = saveEditedRows({ ...address, rows, alwaysSave: clicked ?? undefined });
    if (refused.length === 0) throw redirect(returnLocation(request, clicked, saved.filter((r) => r.changed).length));
    const status = refused.some((r) => r.error.code === 'version_conflict') ? 409 : refused[0].error.status;
    const answer: PagePostAnswer = { saved, refused: refused.map((r) => ({ segment: r.segment, text: r.text, error: r.error.toJSON().error })) };
    return data(answer, { status });
  });
}

/** Back to the page and filter the form was posted from, at the row whose button was pressed. */
function returnLocation(request: Request, segment: string | null, savedCount: number): string {
  const target = new URL(request.url);
  target.searchParams.delete('index');
  target.searchParams.set('saved', String(savedCount));
  if (segment) target.searchParams.set('at', segment);
  else target.searchParams.delete('at');
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
  const { t, i18n } = useTranslation(['editor', 'common', 'errors']);
  const csrfToken = useRouteLoaderData<RootData>('root')?.csrfToken ?? '';
  const labels = useMemo(() => rowLabels(t, i18n), [t, i18n]);
  const hydrated = useHydrated();
  const search = new URLSearchParams(location.search);
  search.delete('saved');
  search.delete('at');
  const actionPath = `${location.pathname}${search.size ? `?${search}` : ''}`;
  const postResults = useMemo(() => resultsByRow(posted), [posted]);
  const base = `/projects/${d.project.slug}/${d.document.slug}/${d.lang.tag}`;

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
      <h2 className="visually-hidden">{t('editor:progressHeading')}</h2>
      <ProgressBar counts={d.counts} stateLabels={labels.state} locale={i18n.language} />
      <Form method="get" className="filters">
        <label htmlFor="state-filter">{t('editor:filter.label')}</label>
        <select id="state-filter" name="state" defaultValue={d.filter}>
          {(['all', 'attention', ...STATE_NAMES] as const).map((f) => (
            <option key={f} value={f}>{t(`editor:filter.${f}`)}</option>
          ))}
        </select>
        <button type="submit">{t('editor:filter.apply')}</button>
        <span className="filter-count">{t('editor:filter.showing', { shown: formatNumber(d.segments.length, i18n.language), total: formatNumber(d.total, i18n.language), words: formatNumber(d.words, i18n.language) })}</span>
      </Form>
      <p className="shortcut-hint">{t('editor:shortcutHint')}</p>
      <p id="editor-announcer" className="visually-hidden" role="status" aria-live="polite" />
      <p id="target-label" className="visually-hidden">{t('editor:targetLabel', { language: d.lang.englishName })}</p>
      {d.segments.length === 0 ? <p className="empty">{t('editor:filter.none')}</p> : null}
      {d.saved ? <p className="notice" role="status">{t('editor:savedCount', { count: d.saved.count })}</p> : null}
      {posted && 'refused' in posted ? <p className="form-error" role="alert">{t('editor:refusedCount', { count: posted.refused.length })}</p> : null}
      <FormError error={posted && 'error' in posted ? posted.error : null} />
      {/* One form for the page: without JavaScript any row's Save posts every row, and each changed row is saved. */}
      <form method="post" action={actionPath} id="segments-form">
      <input type="hidden" name="_csrf" value={csrfToken} />
      <input type="hidden" name="intent" value="save" />
      <ol className="segments">
        {d.segments.map((segment) => (
          <SegmentRow
            key={segment.key}
            segment={segment}
            number={segment.position + 1}
            lang={d.lang}
            sourceLang={d.project.sourceLang}
            historyHref={`${base}/s/${segment.key}`}
            actionPath={actionPath}
            justSaved={d.saved?.at === segment.key}
            postResult={postResults.get(segment.key)}
            draftKey={`draft:${base}/${segment.key}`}
            csrfToken={csrfToken}
            hydrated={hydrated}
            t={t}
            labels={labels}
          />
        ))}
      </ol>
      {d.segments.some((s) => s.translatable) ? (
        <p className="save-all">
          <button type="submit">{t('editor:saveAll')}</button> <span className="hint">{t('editor:saveAllHint')}</span>
        </p>
      ) : null}
      </form>
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
