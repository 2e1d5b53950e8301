import { redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from '~/components/CsrfInput';
import { FormError } from '~/components/FormError';
import { Timestamp } from '~/components/Timestamp';
import { AppError } from '~/domain/errors';
import { languageInfo } from '~/domain/languages';
import type { Role } from '~/domain/permissions';
import { pageTitle } from '~/i18n/meta';
import { serverTranslator } from '~/i18n/resources.server';
import { orErrorResponse, readMutation, requireUser, runAction } from '~/services/http.server';
import { requireProject } from '~/services/imports.server';
import { createInvitation, INVITATION_DAYS, publicOrigin, withdrawInvitation } from '~/services/invitations.server';
import { addMemberRole, loadMembers, revokeMemberRole } from '~/services/members.server';
import { authorize } from '~/services/permissions.server';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'members:title') }];

// The answer to the invite form holds the only copy of the link: no cache may keep it.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' });

const DONE = ['added', 'revoked', 'withdrawn'] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request);
  const members = orErrorResponse(request, () => loadMembers({ actor: user.id, project: params.project! }));
  const done = new URL(request.url).searchParams.get('done');
  return { ...members, invitationDays: INVITATION_DAYS, done: DONE.find((d) => d === done) ?? null };
}

/** A role as the forms send it: `reviewer:th`, `translator:*` (every language), `coordinator`. */
function roleOf(choice: string): { role: Role; lang: string | null } {
  const [role, lang] = choice.split(':');
  return { role: role as Role, lang: !lang || lang === '*' ? null : lang };
}

function idOf(value: string | null): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('bad_request', 400, 'the form names no valid row');
  return id;
}

export async function action({ request, params }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { user, form } = await readMutation(request);
    const actor = user!.id;
    // Checked here for every intent (an unknown one too); each service checks again for its other callers.
    const place = requireProject(params.project!);
    authorize(actor, 'manage', place);
    const project = place.slug;
    const back = (done: (typeof DONE)[number]) => redirect(`/projects/${project}/members?done=${done}`);
    switch (form.get('intent')) {
      case 'invite': {
        const roles = form.names().filter((name) => name.startsWith('role.')).map((name) => roleOf(name.slice('role.'.length)));
        const { t, language } = serverTranslator(request);
        const invited = await createInvitation({
          actor, project, email: form.get('email') ?? '', roles, origin: publicOrigin(request.url),
          mail: ({ link, expiresAt, projectTitle }) => ({
            subject: t('members:mail.subject', { project: projectTitle }),
            text: t('members:mail.text', {
              inviter: user!.name, project: projectTitle, link,
              roles: roles.map((r) => `${t(`members:role.${r.role}`)}${r.role === 'coordinator' ? '' : ` (${r.lang ? languageInfo(r.lang).englishName : t('members:everyLanguage')})`}`).join(', '),
              expires: new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(expiresAt) + ' UTC',
            }),
          }),
        });
        // The link exists only in this answer (the database keeps its hash): shown this once.
        return { invited: { email: invited.email, link: invited.link, expiresAt: invited.expiresAt, mailed: invited.mailed, mailError: invited.mailError } };
      }
      case 'withdraw':
        withdrawInvitation({ actor, project, invitationId: idOf(form.get('invitation')) });
        throw back('withdrawn');
      case 'add-role':
        addMemberRole({ actor, project, userId: idOf(form.get('user')), ...roleOf(`${form.get('role')}:${form.get('lang') ?? '*'}`) });
        throw back('added');
      case 'revoke':
        revokeMemberRole({ actor, project, membershipId: idOf(form.get('membership')) });
        throw back('revoked');
      default:
        throw new AppError('bad_request', 400, 'unknown action');
    }
  });
}

/** A language by its own name, marked up so it is read and drawn as that language. */
function LanguageName({ tag }: { tag: string }) {
  const info = languageInfo(tag);
  return <span lang={info.tag} dir={info.dir} className={`script-${info.script}`}>{info.nativeName}</span>;
}

/** "Reviewer · Français", "Translator · every language", "Coordinator (all projects)". */
function RoleName({ role, lang, allProjects = false }: { role: Role; lang: string | null; allProjects?: boolean }) {
  const { t } = useTranslation('members');
  return (
    <>
      {t(`members:role.${role}`)}
      {role === 'coordinator' ? null : <> · {lang ? <LanguageName tag={lang} /> : t('members:everyLanguage')}</>}
      {allProjects ? <> {t('members:allProjects')}</> : null}
    </>
  );
}

/**
 * Coordinators see who works on the project and with which roles, add and remove roles, and invite people. A new
 * invitation's link is shown once, in the answer to the invite form: it is not stored anywhere it could be read again.
 */
export default function MembersPage() {
  const d = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(['members', 'common']);
  const invited = answer && 'invited' in answer ? answer.invited : null;
  return (
    <div className="members">
      <nav className="breadcrumbs" aria-label={t('common:breadcrumbs')}>
        <Link to="/">{t('common:dashboard')}</Link> › <span>{d.project.title}</span>
      </nav>
      <h1>{t('members:title')}</h1>
      {d.done ? <p className="notice" role="status">{t(`members:done.${d.done}`)}</p> : null}
      <FormError error={answer && 'error' in answer ? answer.error : null} />
      {invited ? (
        <section className="notice invited" role="status" aria-labelledby="invited-heading">
          <h2 id="invited-heading">{t('members:invited.title', { email: invited.email })}</h2>
          {invited.mailed === true ? <p>{t('members:invited.mailed', { email: invited.email })}</p> : null}
          {invited.mailed === false ? <p className="form-error" role="alert">{t('members:invited.mailFailed', { email: invited.email, reason: invited.mailError })}</p> : null}
          <p>{t('members:invited.copy')}</p>
          <input className="invite-link" readOnly value={invited.link} aria-label={t('members:invited.link')} style={{ width: '100%' }}
            onFocus={(event) => event.currentTarget.select()} />
          <p>{t('members:invited.expires')} <Timestamp ms={invited.expiresAt} /></p>
        </section>
      ) : null}

      <section aria-labelledby="people-heading">
        <h2 id="people-heading">{t('members:people')}</h2>
        <table className="languages people">
          <thead>
            <tr>
              <th scope="col">{t('members:person')}</th>
              <th scope="col">{t('members:roles')}</th>
              <th scope="col">{t('members:lastActivity')}</th>
              <th scope="col">{t('members:addRole')}</th>
            </tr>
          </thead>
          <tbody>
            {d.people.map((person) => (
              <tr key={person.userId} data-email={person.email}>
                <th scope="row" id={`person-${person.userId}`}>{person.name} <span className="hint">{person.email}</span></th>
                <td>
                  <ul className="roles">
                    {person.roles.map((r) => (
                      <li key={r.membershipId}>
                        <span id={`role-${r.membershipId}`}><RoleName role={r.role} lang={r.lang} allProjects={r.allProjects} /></span>
                        {!r.allProjects || d.mayChangeAllProjectRoles ? (
                          <Form method="post" className="inline-form">
                            <CsrfInput />
                            <input type="hidden" name="intent" value="revoke" />
                            <input type="hidden" name="membership" value={r.membershipId} />
                            <button type="submit" className="link-button" aria-describedby={`role-${r.membershipId} person-${person.userId}`}>
                              {t('members:revoke')}
                            </button>
                          </Form>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{person.lastActivity ? <Timestamp ms={person.lastActivity} /> : t('members:never')}</td>
                <td>
                  <Form method="post" className="add-role">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="add-role" />
                    <input type="hidden" name="user" value={person.userId} />
                    <label htmlFor={`add-role-${person.userId}`} className="visually-hidden">{t('members:role.label')}</label>
                    <select id={`add-role-${person.userId}`} name="role" defaultValue="translator">
                      {(['coordinator', 'reviewer', 'translator'] as const).map((role) => <option key={role} value={role}>{t(`members:role.${role}`)}</option>)}
                    </select>
                    <label htmlFor={`add-lang-${person.userId}`} className="visually-hidden">{t('members:language')}</label>
                    <select id={`add-lang-${person.userId}`} name="lang" defaultValue="*" aria-describedby="lang-hint">
                      <option value="*">{t('members:everyLanguage')}</option>
                      {d.languages.map((lang) => {
                        const info = languageInfo(lang);
                        return <option key={lang} value={lang} lang={lang} dir={info.dir}>{info.nativeName}</option>;
                      })}
                    </select>
                    <button type="submit" aria-describedby={`person-${person.userId}`}>{t('members:add')}</button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p id="lang-hint" className="hint">{t('members:languageHint')}</p>
      </section>

      <section aria-labelledby="invitations-heading">
        <h2 id="invitations-heading">{t('members:invitations.title')}</h2>
        {d.invitations.length === 0 ? <p>{t('members:invitations.none')}</p> : (
          <table className="languages invitations">
            <thead>
              <tr>
                <th scope="col">{t('members:invitations.email')}</th>
                <th scope="col">{t('members:roles')}</th>
                <th scope="col">{t('members:invitations.expiry')}</th>
                <th scope="col"><span className="visually-hidden">{t('members:invitations.withdraw')}</span></th>
              </tr>
            </thead>
            <tbody>
              {d.invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <th scope="row" id={`invitation-${invitation.id}`}>{invitation.email}</th>
                  <td>
                    <ul className="roles">
                      {invitation.roles.map((r) => <li key={`${r.role}:${r.lang}`}><RoleName role={r.role} lang={r.lang} /></li>)}
                    </ul>
                  </td>
                  <td>{invitation.expired ? t('members:invitations.expired') : t('members:invitations.expires')} <Timestamp ms={invitation.expiresAt} /></td>
                  <td>
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="invitation" value={invitation.id} />
                      <button type="submit" className="link-button" aria-describedby={`invitation-${invitation.id}`}>{t('members:invitations.withdraw')}</button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t('members:invite.heading')}</h2>
        {/* A new key after each invitation empties the form, so the same person is not invited twice by accident. */}
        <Form method="post" className="import-form invite-form" key={invited?.link ?? 'invite'}>
          <CsrfInput />
          <input type="hidden" name="intent" value="invite" />
          <label htmlFor="invite-email">{t('members:invite.email')}</label>
          <input id="invite-email" name="email" type="email" required autoComplete="off" />
          <fieldset>
            <legend>{t('members:roles')}</legend>
            <label><input type="checkbox" name="role.coordinator" /> {t('members:role.coordinator')}</label>
            <p className="hint">{t('members:roleHint.coordinator')}</p>
            {(['reviewer', 'translator'] as const).map((role) => (
              <fieldset key={role}>
                <legend>{t(`members:role.${role}`)}</legend>
                <p className="hint">{t(`members:roleHint.${role}`)}</p>
                <label><input type="checkbox" name={`role.${role}:*`} /> {t('members:everyLanguage')}</label>
                {d.languages.map((lang) => (
                  <label key={lang}><input type="checkbox" name={`role.${role}:${lang}`} /> <LanguageName tag={lang} /></label>
                ))}
              </fieldset>
            ))}
          </fieldset>
          <p className="hint">{t('members:invite.hint', { days: d.invitationDays })}</p>
          <button type="submit" disabled={navigation.state === 'submitting'}>{t('members:invite.submit')}</button>
        </Form>
      </section>
    </div>
  );
}
