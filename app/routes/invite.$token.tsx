import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from '~/components/CsrfInput';
import { ErrorPage } from '~/components/ErrorPage';
import { FormError } from '~/components/FormError';
import { Timestamp } from '~/components/Timestamp';
import { PASSWORD_MIN_LENGTH } from '~/domain/accounts';
import { AppError } from '~/domain/errors';
import { languageInfo } from '~/domain/languages';
import type { Role } from '~/domain/permissions';
import { pageTitle } from '~/i18n/meta';
import { login } from '~/services/auth.server';
import { anonymousFormToken, currentUser, errorData, readMutation, runAction, sessionToken } from '~/services/http.server';
import { acceptInvitationAsUser, acceptInvitationWithNewAccount, describeInvitation } from '~/services/invitations.server';
import { clientIpOf } from '~/services/login-limits.server';
import { serializeSessionCookie } from '~/services/session-cookie.server';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'members:join.title') }];

// A page reached with a secret in its address: no cache keeps it.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' });

/**
 * Public: whoever holds the link sees the invitation. What they can do depends on who they are: a new address
 * creates its account here; an existing account must be signed in as itself to accept.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  let invitation: ReturnType<typeof describeInvitation>;
  try {
    invitation = describeInvitation(params.token!);
  } catch (error) {
    // Answered, not thrown: a refused POST to a dead link then still reports its own refusal (CSRF, say), not this.
    if (error instanceof AppError) return errorData(error);
    throw error;
  }
  const viewer = currentUser(request);
  const step = !invitation.accountExists ? 'create' : !viewer ? 'sign-in' : viewer.email === invitation.email ? 'accept' : 'other-account';
  // Signed-in visitors' forms carry their session's token (CsrfInput's default); others get a pre-session one.
  const anonymous = viewer ? null : anonymousFormToken(request);
  return data({
    invitation, step, csrf: anonymous?.token ?? null, viewer: viewer ? { email: viewer.email } : null, minLength: PASSWORD_MIN_LENGTH,
    signIn: `/login?next=${encodeURIComponent(`/invite/${params.token}`)}`,
  }, { headers: anonymous?.setCookie ? { 'Set-Cookie': anonymous.setCookie } : {} });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { user, form } = await readMutation(request, { anonymous: true });
    const token = params.token!;
    if (form.get('intent') === 'accept') {
      if (!user) throw new AppError('unauthenticated', 401, 'sign in first');
      acceptInvitationAsUser({ token, userId: user.id });
      throw redirect('/');
    }
    if (form.get('intent') !== 'create-account') throw new AppError('bad_request', 400, 'unknown action');
    const name = form.get('name') ?? '';
    const password = form.get('password') ?? '';
    try {
      const account = await acceptInvitationWithNewAccount({ token, name, password });
      // A new session, as after setup; any session the browser had (another account's) ends.
      const session = await login({ email: account.email, password, previousToken: sessionToken(request), clientIp: clientIpOf(context) });
      throw redirect('/', { headers: { 'Set-Cookie': serializeSessionCookie(session.token) } });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return errorData(error, { submitted: { name } });
    }
  });
}

/** "Reviewer · Français", "Translator · every language", "Coordinator". */
function RoleName({ role, lang }: { role: Role; lang: string | null }) {
  const { t } = useTranslation('members');
  const info = lang ? languageInfo(lang) : null;
  return (
    <>
      {t(`members:role.${role}`)}
      {role === 'coordinator' ? null : (
        <> · {info ? <span lang={info.tag} dir={info.dir} className={`script-${info.script}`}>{info.nativeName}</span> : t('members:everyLanguage')}</>
      )}
    </>
  );
}

export default function InvitationPage() {
  const loaded = useLoaderData<typeof loader>();
  // A used, expired, withdrawn or unknown link: one page for all, which does not say which it was.
  if ('error' in loaded) return <ErrorPage status={410} body={loaded} />;
  return <Invitation d={loaded} />;
}

type InvitationData = Exclude<ReturnType<typeof useLoaderData<typeof loader>>, { error: unknown }>;

/** The invitation itself, and what this visitor can do with it: create the account, sign in first, or accept. */
function Invitation({ d }: { d: InvitationData }) {
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation(['members', 'auth']);
  const error = answer && 'error' in answer ? answer.error : null;
  const submitted = answer && 'submitted' in answer ? (answer.submitted as { name: string }) : { name: '' };
  const { invitation } = d;
  return (
    <section className="auth-page">
      <h1>{t('members:join.heading', { project: invitation.project.title })}</h1>
      <p>{t('members:join.invitedBy', { inviter: invitation.inviter, email: invitation.email })}</p>
      <ul className="roles">
        {invitation.roles.map((r) => <li key={`${r.role}:${r.lang}`}><RoleName role={r.role} lang={r.lang} /></li>)}
      </ul>
      <p className="hint">{t('members:join.expires')} <Timestamp ms={invitation.expiresAt} /></p>
      <FormError error={error} />

      {d.step === 'create' ? (
        <Form method="post" className="auth-form">
          <CsrfInput token={d.csrf} />
          <input type="hidden" name="intent" value="create-account" />
          <h2>{t('members:join.createAccount')}</h2>
          {d.viewer ? <p className="hint">{t('members:join.replacesSession', { current: d.viewer.email })}</p> : null}
          <label htmlFor="email">{t('auth:email')}</label>
          <input id="email" type="email" value={invitation.email} readOnly autoComplete="username" />
          <label htmlFor="name">{t('auth:name')}</label>
          <input id="name" name="name" autoComplete="name" defaultValue={submitted.name} />
          <label htmlFor="password">{t('auth:password')}</label>
          <input id="password" name="password" type="password" autoComplete="new-password" required minLength={d.minLength}
            aria-describedby="password-rule" />
          <p id="password-rule" className="hint">{t('auth:passwordRule', { min: d.minLength })}</p>
          <button type="submit" disabled={navigation.state === 'submitting'}>{t('members:join.createSubmit')}</button>
        </Form>
      ) : null}

      {d.step === 'sign-in' ? (
        <p>{t('members:join.signInFirst', { email: invitation.email })} <Link to={d.signIn}>{t('members:join.signIn')}</Link></p>
      ) : null}

      {d.step === 'other-account' ? (
        <p role="alert">{t('members:join.otherAccount', { email: invitation.email, current: d.viewer?.email })}</p>
      ) : null}

      {d.step === 'accept' ? (
        <Form method="post" className="auth-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="accept" />
          <button type="submit" disabled={navigation.state === 'submitting'}>{t('members:join.accept')}</button>
        </Form>
      ) : null}
    </section>
  );
}
