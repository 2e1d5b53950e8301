import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from '~/components/CsrfInput';
import { FormError } from '~/components/FormError';
import { AppError } from '~/domain/errors';
import { SUPPORTED_SOURCE_TYPES } from '~/domain/source-file';
import { pageTitle } from '~/i18n/meta';
import { looksLikeXliff } from '~/services/exchange.server';
import { answerXliffUpload } from '~/services/xliff-upload.server';
import { orErrorResponse, readMutation, requireUser, runAction } from '~/services/http.server';
import { projectDocuments, requireProject, setProjectRules, storePendingImport } from '~/services/imports.server';
import { authorize } from '~/services/permissions.server';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'import:title') }];

/** Upload bodies: the largest source file we take, plus the form around it. */
const UPLOAD_LIMIT = 10 * 1024 * 1024 + 64 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const project = orErrorResponse(request, () => requireProject(params.project!));
  orErrorResponse(request, () => authorize(user.id, 'manage', project));
  return {
    project: { slug: project.slug, title: project.title, customRules: project.srx !== null },
    documents: projectDocuments(project.id),
    done: new URL(request.url).searchParams.get('rules'),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { user, form } = await readMutation(request, { maxBytes: UPLOAD_LIMIT, maxFieldBytes: UPLOAD_LIMIT });
    const project = requireProject(params.project!);
    authorize(user!.id, 'manage', project);
    const intent = form.get('intent');
    if (intent === 'upload') {
      const file = form.file('file');
      if (!file || file.bytes.length === 0) throw new AppError('empty_source', 422, 'choose a file to import', { fileName: file?.name ?? '' });
      // A translated XLIFF file names its own document and language: it goes to that language's preview.
      if (looksLikeXliff(file.name, file.bytes)) {
        return answerXliffUpload(request, form, file, user!.id, { project: project.slug });
      }
      const existing = form.get('document') ?? '';
      const slug = existing && existing !== '__new' ? existing : (form.get('slug') ?? '').trim();
      const id = await storePendingImport({
        projectSlug: project.slug, documentSlug: slug, title: form.get('title')?.trim() || null, fileName: file.name,
        bytes: file.bytes, declaredType: null, userId: user!.id,
      });
      throw redirect(`/projects/${project.slug}/import/${id}`);
    }
    if (intent === 'rules') {
      const file = form.file('srx');
      if (!file) throw new AppError('invalid_srx', 422, 'choose an SRX file', { reason: 'no file' });
      setProjectRules(project.slug, new TextDecoder('utf-8', { fatal: false }).decode(file.bytes));
      throw redirect(`/projects/${project.slug}/import?rules=custom`);
    }
    if (intent === 'default-rules') {
      setProjectRules(project.slug, null);
      throw redirect(`/projects/${project.slug}/import?rules=default`);
    }
    throw new AppError('bad_request', 400, 'unknown action');
  });
}

/** Coordinators bring a document in (text, Markdown, web page, Word) or a new version of one, and set the rules. */
export default function ImportPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(['import', 'common']);
  return (
    <div className="import">
      <nav className="breadcrumbs" aria-label={t('common:breadcrumbs')}>
        <Link to="/">{t('common:dashboard')}</Link> › <span>{d.project.title}</span>
      </nav>
      <h1>{t('import:title')}</h1>
      <FormError error={answer && 'error' in answer ? answer.error : null} />
      <Form method="post" encType="multipart/form-data" className="import-form">
        <CsrfInput />
        <input type="hidden" name="intent" value="upload" />
        <label htmlFor="document">{t('import:document')}</label>
        <select id="document" name="document" defaultValue="__new">
          <option value="__new">{t('import:newDocument')}</option>
          {d.documents.map((doc) => <option key={doc.slug} value={doc.slug}>{t('import:newVersionOf', { title: doc.title })}</option>)}
        </select>
        <fieldset>
          <legend>{t('import:newDocumentFields')}</legend>
          <label htmlFor="slug">{t('import:slug')}</label>
          <input id="slug" name="slug" pattern="[a-z0-9][a-z0-9-]*" aria-describedby="slug-hint" />
          <p id="slug-hint" className="hint">{t('import:slugHint')}</p>
          <label htmlFor="title">{t('import:documentTitle')}</label>
          <input id="title" name="title" />
        </fieldset>
        <label htmlFor="file">{t('import:file')}</label>
        <input id="file" name="file" type="file" required accept=".txt,.md,.markdown,.html,.htm,.docx,.xlf,.xliff" aria-describedby="file-hint" />
        <p id="file-hint" className="hint">{t('import:fileHint', { types: SUPPORTED_SOURCE_TYPES.join(', ') })}</p>
        <button type="submit" disabled={navigation.state === 'submitting'}>{t('import:preview')}</button>
      </Form>

      <section className="rules" aria-labelledby="rules-heading">
        <h2 id="rules-heading">{t('import:rules.title')}</h2>
        <p>{d.project.customRules ? t('import:rules.custom') : t('import:rules.default')}</p>
        {d.done ? <p className="notice" role="status">{t(`import:rules.done.${d.done === 'custom' ? 'custom' : 'default'}`)}</p> : null}
        <Form method="post" encType="multipart/form-data">
          <CsrfInput />
          <input type="hidden" name="intent" value="rules" />
          <label htmlFor="srx">{t('import:rules.file')}</label>
          <input id="srx" name="srx" type="file" accept=".srx,.xml" required />
          <button type="submit">{t('import:rules.upload')}</button>
        </Form>
        {d.project.customRules ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="default-rules" />
            <button type="submit" className="link-button">{t('import:rules.reset')}</button>
          </Form>
        ) : null}
      </section>
    </div>
  );
}
