import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from '~/components/CsrfInput';
import { FormError } from '~/components/FormError';
import { StateBadge } from '~/components/StateBadge';
import { AppError } from '~/domain/errors';
import { languageInfo } from '~/domain/languages';
import { pageTitle } from '~/i18n/meta';
import {
  applyXliffImport, dropPendingXliff, exchangePage, MAX_XLIFF_BYTES, pendingXliff, previewXliffImport,
} from '~/services/exchange.server';
import { answerXliffUpload } from '~/services/xliff-upload.server';
import { orErrorResponse, readMutation, requireUser, runAction, wantsJson } from '~/services/http.server';

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) => [
  { title: pageTitle(matches, d ? 'exchange:title' : null, d ? { document: d.document.title, language: d.language.nativeName } : {}) },
];

const UPLOAD_LIMIT = MAX_XLIFF_BYTES + 64 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const address = { project: params.project!, document: params.document!, lang: params.lang! };
  const page = orErrorResponse(request, () => exchangePage({ ...address, viewer: user.id }));
  const pendingId = new URL(request.url).searchParams.get('preview');
  // A preview is made again on every view from the kept file, so it shows what applying would do now.
  const preview = pendingId && page.may.import ? orErrorResponse(request, () => {
    const pending = pendingXliff({ ...address, id: pendingId, userId: user.id });
    return { id: pendingId, fileName: pending.fileName, ...previewXliffImport({ ...pending, userId: user.id, expect: address }) };
  }) : null;
  const done = Number(new URL(request.url).searchParams.get('imported') ?? NaN);
  return { ...page, language: languageInfo(page.lang), preview, imported: Number.isInteger(done) ? done : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { user, form } = await readMutation(request, { maxBytes: UPLOAD_LIMIT, maxFieldBytes: UPLOAD_LIMIT });
    const address = { project: params.project!, document: params.document!, lang: params.lang! };
    const here = `/projects/${address.project}/${address.document}/${address.lang}`;
    const intent = form.get('intent');
    if (intent === 'upload') {
      const file = form.file('file');
      if (!file || file.bytes.length === 0) throw new AppError('nothing_to_import', 422, 'choose an XLIFF file', { fileName: file?.name ?? '' });
      return answerXliffUpload(request, form, file, user!.id, address);
    }
    const id = form.get('id') ?? '';
    if (intent === 'discard') {
      dropPendingXliff(id, user!.id);
      throw redirect(`${here}/xliff`);
    }
    if (intent !== 'apply') throw new AppError('bad_request', 400, 'unknown action', { fields: ['intent'] });
    const pending = pendingXliff({ ...address, id, userId: user!.id });
    const result = applyXliffImport({ ...pending, userId: user!.id, expect: address, overwrite: new Set(form.all('overwrite')) });
    dropPendingXliff(id, user!.id);
    if (wantsJson(request)) return data(result);
    throw redirect(`${here}/xliff?imported=${result.changed}`);
  });
}

/** Download the document for a CAT tool or a website, and bring a translated XLIFF back with a preview first. */
export default function ExchangePage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(['exchange', 'common', 'editor']);
  const base = `/projects/${d.project.slug}/${d.document.slug}/${d.lang}`;
  const target = { lang: d.language.tag, dir: d.language.dir };
  return (
    <div className="exchange">
      <nav className="breadcrumbs" aria-label={t('common:breadcrumbs')}>
        <Link to="/">{t('common:dashboard')}</Link> › <span>{d.project.title}</span> › <Link to={base}>{d.document.title} — {d.language.nativeName}</Link>
      </nav>
      <h1>{t('exchange:title', { document: d.document.title, language: d.language.nativeName })}</h1>
      <FormError error={answer && 'error' in answer ? answer.error : null} />
      {d.imported !== null ? <p className="notice" role="status">{t('exchange:done', { count: d.imported })}</p> : null}

      {d.preview ? (
        <section aria-labelledby="preview-heading" className="xliff-preview">
          <h2 id="preview-heading">{t('exchange:preview.title', { file: d.preview.fileName })}</h2>
          <p>{t('exchange:preview.summary', { total: d.preview.counts.total, version: d.preview.xliffVersion })}</p>
          {d.preview.sourceVersion !== null && d.preview.sourceVersion !== d.preview.currentSourceVersion ? (
            <p className="hint">{t('exchange:preview.olderSource', { from: d.preview.sourceVersion, to: d.preview.currentSourceVersion })}</p>
          ) : null}
          <ul className="import-counts">
            <li>{t('exchange:preview.changed', { count: d.preview.counts.changed })}</li>
            <li>{t('exchange:preview.unchanged', { count: d.preview.counts.unchanged })}</li>
            <li>{t('exchange:preview.conflicts', { count: d.preview.counts.conflicts })}</li>
            <li>{t('exchange:preview.skipped', { count: d.preview.counts.skipped })}</li>
          </ul>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="id" value={d.preview.id} />
            {d.preview.counts.changed ? (
              <>
                <h3>{t('exchange:preview.changedHeading')}</h3>
                <ol className="changes">
                  {d.preview.units.map((u) => u.kind === 'changed' ? (
                    <li key={u.id} id={`unit-${u.id}`}>
                      <Link to={`${base}?at=${u.id}#seg-${u.id}`} className="unit-id">{u.id}</Link>{' '}
                      {u.before.text ? <span className="before"><Target text={u.before.text} {...target} /> → </span> : null}
                      <Target text={u.text} {...target} />{' '}
                      <StateBadge state={u.state} label={t(`common:state.${u.state}`)} />
                    </li>
                  ) : null)}
                </ol>
              </>
            ) : null}
            {d.preview.counts.conflicts ? (
              <fieldset>
                <legend>{t('exchange:preview.conflictsHeading')}</legend>
                <p className="hint">{t('exchange:preview.conflictsHelp')}</p>
                <ol className="changes">
                  {d.preview.units.map((u) => u.kind === 'conflict' ? (
                    <li key={u.id}>
                      <Link to={`${base}?at=${u.id}#seg-${u.id}`} className="unit-id">{u.id}</Link>
                      <dl>
                        <dt>{t('exchange:preview.inApp', { version: u.current.version })}</dt>
                        <dd><Target text={u.current.text} {...target} /></dd>
                        <dt>{t('exchange:preview.after')}</dt>
                        <dd><Target text={u.text} {...target} /></dd>
                      </dl>
                      <label><input type="checkbox" name="overwrite" value={u.id} /> {t('exchange:preview.useFile')}</label>
                    </li>
                  ) : null)}
                </ol>
              </fieldset>
            ) : null}
            {d.preview.counts.skipped ? (
              <>
                <h3>{t('exchange:preview.skippedHeading')}</h3>
                <ul className="changes">
                  {d.preview.units.map((u) => u.kind === 'skipped' ? (
                    <li key={u.id}><span className="unit-id">{u.id}</span>: {t(`exchange:preview.reason.${u.reason}`)}</li>
                  ) : null)}
                </ul>
              </>
            ) : null}
            {d.preview.counts.changed || d.preview.counts.conflicts ? (
              <button type="submit" name="intent" value="apply" disabled={navigation.state === 'submitting'}>{t('exchange:preview.apply')}</button>
            ) : <p>{t('exchange:preview.nothing')}</p>}{' '}
            <button type="submit" name="intent" value="discard" className="link-button">{t('exchange:preview.discard')}</button>
          </Form>
        </section>
      ) : null}

      {d.may.export ? (
        <section aria-labelledby="download-heading">
          <h2 id="download-heading">{t('exchange:download.title')}</h2>
          <p className="hint">{t('exchange:download.help')}</p>
          <ul className="downloads">
            <li><a href={`${base}/export/xliff-1.2`} download>{t('exchange:download.xliff12')}</a> <span className="hint">{t('exchange:download.xliff12Hint')}</span></li>
            <li><a href={`${base}/export/xliff-2.0`} download>{t('exchange:download.xliff20')}</a> <span className="hint">{t('exchange:download.xliff20Hint')}</span></li>
            <li><a href={`${base}/export/json`} download>{t('exchange:download.json')}</a></li>
            <li><a href={`${base}/export/json-all`} download>{t('exchange:download.jsonAll')}</a></li>
            <li><a href={`/projects/${d.project.slug}/memory/${d.lang}`} download>{t('exchange:download.tmx')}</a> <span className="hint">{t('exchange:download.tmxHint')}</span></li>
          </ul>
        </section>
      ) : null}

      {d.may.import && !d.preview ? (
        <section aria-labelledby="upload-heading">
          <h2 id="upload-heading">{t('exchange:upload.title')}</h2>
          <p className="hint" id="upload-help">{t('exchange:upload.help')}</p>
          <Form method="post" encType="multipart/form-data">
            <CsrfInput />
            <input type="hidden" name="intent" value="upload" />
            <label htmlFor="xliff-file">{t('exchange:upload.file')}</label>
            <input id="xliff-file" name="file" type="file" required accept=".xlf,.xliff,.sdlxliff,.mqxliff,application/xliff+xml,application/xml" aria-describedby="upload-help" />
            <button type="submit" disabled={navigation.state === 'submitting'}>{t('exchange:upload.submit')}</button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

/** A translation as the file has it, placeholders shown as the editor shows them when not rendered ({1}…{/1}). */
function Target({ text, lang, dir }: { text: string; lang: string; dir: string }) {
  return <span lang={lang} dir={dir} className="target-text">{text}</span>;
}
