import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from '~/components/CsrfInput';
import { FormError } from '~/components/FormError';
import { pageTitle } from '~/i18n/meta';
import { orErrorResponse, readMutation, requireUser, runAction } from '~/services/http.server';
import { loadProjectSettings, updateReviewPolicy } from '~/services/project-settings.server';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'settings:title') }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const settings = orErrorResponse(request, () => loadProjectSettings({ actor: user.id, project: params.project! }));
  return { ...settings, saved: new URL(request.url).searchParams.has('saved') };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { user, form } = await readMutation(request);
    // Checkboxes: present when ticked, absent when not (HTML forms send nothing for an unticked box).
    updateReviewPolicy({
      actor: user!.id, project: params.project!,
      policy: {
        translatorsMaySave: form.has('translatorsMaySave'), noSelfApproval: form.has('noSelfApproval'),
        publishFallback: form.get('publishFallback') === 'source' ? 'source' : 'refuse',
        publishMetadata: form.has('publishMetadata'),
      },
    });
    throw redirect(`/projects/${params.project}/settings?saved`);
  });
}

/** A project's review policy: who saves directly, and whether one may approve one's own translation. */
export default function ProjectSettings() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation(['settings', 'common']);
  return (
    <div className="settings">
      <nav className="breadcrumbs" aria-label={t('common:breadcrumbs')}>
        <Link to="/">{t('common:dashboard')}</Link> › <span>{d.project.title}</span>
      </nav>
      <h1>{t('settings:title')}</h1>
      {d.saved ? <p className="notice" role="status">{t('settings:saved')}</p> : null}
      <FormError error={answer && 'error' in answer ? answer.error : null} />
      <Form method="post" className="settings-form">
        <CsrfInput />
        <fieldset>
          <legend>{t('settings:review')}</legend>
          <p>
            <input type="checkbox" id="translatorsMaySave" name="translatorsMaySave" defaultChecked={d.policy.translatorsMaySave} aria-describedby="translatorsMaySave-hint" />{' '}
            <label htmlFor="translatorsMaySave">{t('settings:translatorsMaySave')}</label>
          </p>
          <p id="translatorsMaySave-hint" className="hint">{t('settings:translatorsMaySaveHint')}</p>
          <p>
            <input type="checkbox" id="noSelfApproval" name="noSelfApproval" defaultChecked={d.policy.noSelfApproval} aria-describedby="noSelfApproval-hint" />{' '}
            <label htmlFor="noSelfApproval">{t('settings:noSelfApproval')}</label>
          </p>
          <p id="noSelfApproval-hint" className="hint">{t('settings:noSelfApprovalHint')}</p>
        </fieldset>
        <fieldset>
          <legend>{t('settings:publishing')}</legend>
          <p>{t('settings:publishFallback')}</p>
          <p>
            <input type="radio" id="publishFallback-refuse" name="publishFallback" value="refuse" defaultChecked={d.policy.publishFallback === 'refuse'} />{' '}
            <label htmlFor="publishFallback-refuse">{t('settings:publishFallbackRefuse')}</label>
          </p>
          <p>
            <input type="radio" id="publishFallback-source" name="publishFallback" value="source" defaultChecked={d.policy.publishFallback === 'source'} />{' '}
            <label htmlFor="publishFallback-source">{t('settings:publishFallbackSource')}</label>
          </p>
          <p>
            <input type="checkbox" id="publishMetadata" name="publishMetadata" defaultChecked={d.policy.publishMetadata} aria-describedby="publishMetadata-hint" />{' '}
            <label htmlFor="publishMetadata">{t('settings:publishMetadata')}</label>
          </p>
          <p id="publishMetadata-hint" className="hint">{t('settings:publishMetadataHint')}</p>
        </fieldset>
        <button type="submit" className="primary">{t('settings:save')}</button>
      </Form>
    </div>
  );
}
