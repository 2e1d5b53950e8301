import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from '~/components/CsrfInput';
import { DiffText } from '~/components/DiffText';
import { FormError } from '~/components/FormError';
import { AppError } from '~/domain/errors';
import { pageTitle } from '~/i18n/meta';
import { orErrorResponse, orErrorResponseAsync, readMutation, requireUser, runAction } from '~/services/http.server';
import { applyPendingImport, discardPendingImport, previewPendingImport, requireProject } from '~/services/imports.server';
import { authorize } from '~/services/permissions.server';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'import:previewTitle') }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const project = orErrorResponse(request, () => requireProject(params.project!));
  orErrorResponse(request, () => authorize(user.id, 'manage', project));
  const preview = await orErrorResponseAsync(request, () => previewPendingImport(project.slug, params.pending!));
  return { projectTitle: project.title, ...preview };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { user, form } = await readMutation(request);
    const project = requireProject(params.project!);
    authorize(user!.id, 'manage', project);
    if (form.get('intent') === 'discard') {
      discardPendingImport(project.slug, params.pending!);
      throw redirect(`/projects/${project.slug}/import`);
    }
    if (form.get('intent') !== 'apply') throw new AppError('bad_request', 400, 'unknown action');
    const result = await applyPendingImport(project.slug, params.pending!, user!.id);
    throw redirect(`/?imported=${encodeURIComponent(result.document)}&version=${result.version}`);
  });
}

/** What an import would change, segment by segment, before anything is written. */
export default function ImportPreview() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(['import', 'common']);
  const changed = d.items.filter((i) => i.type === 'changed');
  const added = d.items.filter((i) => i.type === 'new');
  const removed = d.items.filter((i) => i.type === 'removed');
  const moved = d.items.filter((i) => i.type === 'unchanged' && i.moved);
  return (
    <div className="import-preview">
      <nav className="breadcrumbs" aria-label={t('common:breadcrumbs')}>
        <Link to="/">{t('common:dashboard')}</Link> › <span>{d.projectTitle}</span> › <Link to={`/projects/${d.project}/import`}>{t('import:title')}</Link>
      </nav>
      <h1>{t('import:previewTitle')}</h1>
      <p>{d.exists ? t('import:summaryUpdate', { file: d.fileName, title: d.title, from: d.version.from, to: d.version.to }) : t('import:summaryNew', { file: d.fileName, title: d.title, count: d.segments })}</p>
      {d.stale ? <p className="form-error" role="alert">{t('import:stale')}</p> : null}
      <FormError error={answer && 'error' in answer ? answer.error : null} />
      {d.exists ? (
        <ul className="import-counts">
          <li>{t('import:counts.unchanged', { count: d.counts.unchanged })}{d.counts.moved ? ` ${t('import:counts.moved', { count: d.counts.moved })}` : ''}</li>
          <li>{t('import:counts.changed', { count: d.counts.changed })}</li>
          <li>{t('import:counts.new', { count: d.counts.new })}</li>
          <li>{t('import:counts.removed', { count: d.counts.removed })}</li>
        </ul>
      ) : null}
      {changed.length ? (
        <section aria-labelledby="changed-heading">
          <h2 id="changed-heading">{t('import:changedHeading')}</h2>
          <p className="hint">{t('import:changedHelp')}</p>
          <ol className="changes">
            {changed.map((item) => item.type === 'changed' ? (
              <li key={item.key} lang="en">
                <DiffText parts={item.diff} />
                <span className="hint"> {t('import:translationsBack', { count: item.translations })}{item.moved ? ` · ${t('import:movedMark')}` : ''}</span>
              </li>
            ) : null)}
          </ol>
        </section>
      ) : null}
      {moved.length ? (
        <section aria-labelledby="moved-heading">
          <h2 id="moved-heading">{t('import:movedHeading')}</h2>
          <ol className="changes">{moved.map((item) => item.type === 'unchanged' ? <li key={item.key} lang="en">{item.text}</li> : null)}</ol>
        </section>
      ) : null}
      {d.exists && added.length ? (
        <section aria-labelledby="new-heading">
          <h2 id="new-heading">{t('import:newHeading')}</h2>
          <ol className="changes">{added.map((item, i) => item.type === 'new' ? <li key={i} lang="en"><ins>{item.text}</ins></li> : null)}</ol>
        </section>
      ) : null}
      {removed.length ? (
        <section aria-labelledby="removed-heading">
          <h2 id="removed-heading">{t('import:removedHeading')}</h2>
          <p className="hint">{t('import:removedHelp')}</p>
          <ol className="changes">{removed.map((item) => item.type === 'removed' ? <li key={item.key} lang="en"><del>{item.text}</del></li> : null)}</ol>
        </section>
      ) : null}
      <div className="import-actions">
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="apply" />
          <button type="submit" disabled={navigation.state === 'submitting' || d.stale}>{t('import:apply')}</button>
        </Form>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="discard" />
          <button type="submit" className="link-button">{t('import:discard')}</button>
        </Form>
      </div>
    </div>
  );
}
