import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation, type ShouldRevalidateFunction } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ProgressBar } from '~/components/ProgressBar';
import { SegmentRow, type SaveResponse } from '~/components/SegmentRow';
import { AppError } from '~/domain/errors';
import { isStateName, STATE_NAMES, stateValue, needsAttention, type StateName } from '~/domain/translation-state';
import { loadEditor } from '~/services/editor.server';
import { errorData, orErrorResponse, readMutation, requireUser, runAction } from '~/services/http.server';
import { saveTranslation } from '~/services/translations.server';

export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `${d.document.title} — ${d.lang.englishName} · Letter Workbench` : 'Letter Workbench' },
];

const FILTERS = ['all', 'attention', ...STATE_NAMES] as const;
type Filter = (typeof FILTERS)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  requireUser(request);
  const editor = orErrorResponse(() => loadEditor({ project: params.project!, document: params.document!, lang: params.lang! }));
  const url = new URL(request.url);
  const filterParam = url.searchParams.get('state') ?? 'all';
  const filter: Filter = (FILTERS as readonly string[]).includes(filterParam) ? (filterParam as Filter) : 'all';
  const counts = Object.fromEntries(STATE_NAMES.map((s) => [s, 0])) as Record<StateName, number>;
  for (const s of editor.segments) if (s.translatable) counts[s.target?.state ?? 'untranslated']++;
  const shown = editor.segments.filter((s) => matches(filter, s.translatable, s.target?.state ?? 'untranslated'));
  return { ...editor, segments: shown, total: editor.segments.length, counts, filter, saved: url.searchParams.get('saved') };
}

function matches(filter: Filter, translatable: boolean, state: StateName): boolean {
  if (filter === 'all') return true;
  if (!translatable) return false;
  if (filter === 'attention') return needsAttention(stateValue(state));
  return isStateName(filter) && state === filter;
}

const SaveForm = z.object({
  intent: z.literal('save'),
  segment: z.string().regex(/^[a-z2-7]{10}(?:-\d{1,4})?$/),
  text: z.string(),
  baseVersion: z.coerce.number().int().min(0),
  needsWork: z.string().optional(),
  returnTo: z.string().optional(),
  _inline: z.string().optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  return runAction(async () => {
    const { user, form } = await readMutation(request);
    const parsed = SaveForm.safeParse({
      intent: form.get('intent'), segment: form.get('segment'), text: form.get('text'), baseVersion: form.get('baseVersion'),
      needsWork: form.get('needsWork') ?? undefined, returnTo: form.get('returnTo') ?? undefined, _inline: form.get('_inline') ?? undefined,
    });
    if (!parsed.success) {
      throw new AppError('bad_request', 400, 'the form is incomplete', { fields: parsed.error.issues.map((i) => i.path.join('.')) });
    }
    const input = parsed.data;
    try {
      const result = saveTranslation({
        project: params.project!, document: params.document!, lang: params.lang!, segment: input.segment,
        userId: user!.id, text: input.text, baseVersion: input.baseVersion, needsWork: input.needsWork !== undefined,
      });
      if (input._inline) return { ok: true as const, result };
      throw redirect(returnLocation(request, input.returnTo, input.segment));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // The page shows the refusal next to the text as it was typed, so nothing is lost.
      return errorData(error, { submitted: { segment: input.segment, text: input.text } });
    }
  });
}

/** Back to the segment just saved, on the same page and filter; only paths of this editor are accepted. */
function returnLocation(request: Request, returnTo: string | undefined, segment: string): string {
  const here = new URL(request.url);
  let target = new URL(here.pathname, here);
  if (returnTo) {
    const candidate = new URL(returnTo, here);
    if (candidate.origin === here.origin && candidate.pathname === here.pathname) target = candidate;
  }
  target.searchParams.delete('index');
  target.searchParams.set('saved', segment);
  return `${target.pathname}${target.search}#seg-${segment}`;
}

// A save in place updates its own row; reloading all segments after each one would slow slow laptops.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, formData, defaultShouldRevalidate }) => {
  if (formMethod === 'POST' && formData?.get('_inline') === '1') return false;
  return defaultShouldRevalidate;
};

export default function Editor() {
  const d = useLoaderData<typeof loader>();
  const posted = useActionData<SaveResponse>();
  const location = useLocation();
  const { t } = useTranslation(['editor', 'common']);
  const returnTo = location.pathname + location.search;
  const postedFor = posted && 'submitted' in posted ? posted.submitted?.segment : undefined;
  const base = `/projects/${d.project.slug}/${d.document.slug}/${d.lang.tag}`;
  const words = d.segments.reduce((n, s) => n + (s.translatable ? s.wordCount : 0), 0);

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
      <ProgressBar counts={d.counts} unit="segments" />
      <Form method="get" className="filters">
        <label htmlFor="state-filter">{t('editor:filter.label')}</label>
        <select id="state-filter" name="state" defaultValue={d.filter}>
          {(['all', 'attention', ...STATE_NAMES] as const).map((f) => (
            <option key={f} value={f}>{t(`editor:filter.${f}`)}</option>
          ))}
        </select>
        <button type="submit">{t('editor:filter.apply')}</button>
        <span className="filter-count">{t('editor:filter.showing', { shown: d.segments.length, total: d.total, words })}</span>
      </Form>
      <p className="shortcut-hint">{t('editor:shortcutHint')}</p>
      {d.segments.length === 0 ? <p className="empty">{t('editor:filter.none')}</p> : null}
      <ol className="segments">
        {d.segments.map((segment) => (
          <SegmentRow
            key={segment.key}
            segment={segment}
            number={segment.position + 1}
            lang={d.lang}
            sourceLang={d.project.sourceLang}
            historyHref={`${base}/s/${segment.key}`}
            returnTo={returnTo}
            justSaved={d.saved === segment.key}
            postResult={postedFor === segment.key ? posted : undefined}
            draftKey={`draft:${base}/${segment.key}`}
          />
        ))}
      </ol>
    </div>
  );
}
