import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from '~/components/CsrfInput';
import { FormError } from '~/components/FormError';
import { AppError } from '~/domain/errors';
import { countUsers, login } from '~/services/auth.server';
import {
  anonymousFormToken, currentUser, errorData, readMutation, runAction, safeRedirectPath, sessionToken,
} from '~/services/http.server';
import { clientIpOf } from '~/services/login-limits.server';
import { logSecurityEvent } from '~/services/security-log.server';
import { serializeSessionCookie } from '~/services/session-cookie.server';
import { pageTitle } from '~/i18n/meta';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'auth:login.title') }];

export async function loader({ request }: LoaderFunctionArgs) {
  const next = safeRedirectPath(new URL(request.url).searchParams.get('next'));
  if (currentUser(request)) throw redirect(next);
  if (countUsers() === 0) throw redirect('/setup');
  const { token, setCookie } = anonymousFormToken(request);
  return data({ csrf: token, next }, { headers: setCookie ? { 'Set-Cookie': setCookie } : {} });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { form } = await readMutation(request, { anonymous: true });
    const email = form.get('email') ?? '';
    const clientIp = clientIpOf(context);
    try {
      const session = await login({ email, password: form.get('password') ?? '', previousToken: sessionToken(request), clientIp });
      throw redirect(safeRedirectPath(form.get('next')), { headers: { 'Set-Cookie': serializeSessionCookie(session.token) } });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'invalid_credentials' || error.code === 'too_many_attempts') {
        logSecurityEvent({ kind: 'login_refused', request, details: { email, ip: clientIp, code: error.code } });
      }
      return errorData(error, { submitted: { email } });
    }
  });
}

/** Remix passes only an action's cookies on by itself: a refused sign-in must also say when to come back. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get('Retry-After');
  if (retryAfter) headers.set('Retry-After', retryAfter);
  return headers;
};

export default function Login() {
  const { csrf, next } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation('auth');
  const error = answer && 'error' in answer ? answer.error : null;
  const email = answer && 'submitted' in answer ? (answer.submitted as { email: string }).email : '';
  return (
    <section className="auth-page">
      <h1>{t('login.title')}</h1>
      <Form method="post" className="auth-form">
        <CsrfInput token={csrf} />
        <input type="hidden" name="next" value={next} />
        <FormError error={error} />
        <label htmlFor="email">{t('email')}</label>
        <input id="email" name="email" type="email" autoComplete="username" required defaultValue={email} />
        <label htmlFor="password">{t('password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" disabled={navigation.state === 'submitting'}>{t('login.submit')}</button>
      </Form>
    </section>
  );
}
