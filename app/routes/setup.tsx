import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from '~/components/CsrfInput';
import { FormError } from '~/components/FormError';
import { PASSWORD_MIN_LENGTH } from '~/domain/accounts';
import { AppError } from '~/domain/errors';
import { countUsers, createUser, login } from '~/services/auth.server';
import { anonymousFormToken, errorData, readMutation, runAction } from '~/services/http.server';
import { clientIpOf } from '~/services/login-limits.server';
import { serializeSessionCookie } from '~/services/session-cookie.server';
import { pageTitle } from '~/i18n/meta';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'auth:setup.title') }];

/** Offered only while the instance has no account at all: it creates the first coordinator. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (countUsers() > 0) throw redirect('/login');
  const { token, setCookie } = anonymousFormToken(request);
  return data({ csrf: token, minLength: PASSWORD_MIN_LENGTH }, { headers: setCookie ? { 'Set-Cookie': setCookie } : {} });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runAction(request, async () => {
    const { form } = await readMutation(request, { anonymous: true });
    const email = form.get('email') ?? '';
    const name = form.get('name') ?? '';
    const password = form.get('password') ?? '';
    try {
      await createUser({ email, name, password, role: 'coordinator', onlyIfFirst: true });
      const session = await login({ email, password, previousToken: null, clientIp: clientIpOf(context) });
      throw redirect('/', { headers: { 'Set-Cookie': serializeSessionCookie(session.token) } });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'setup_done') throw redirect('/login');
      return errorData(error, { submitted: { email, name } });
    }
  });
}

export default function Setup() {
  const { csrf, minLength } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation('auth');
  const error = answer && 'error' in answer ? answer.error : null;
  const submitted = answer && 'submitted' in answer ? (answer.submitted as { email: string; name: string }) : { email: '', name: '' };
  return (
    <section className="auth-page">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <Form method="post" className="auth-form">
        <CsrfInput token={csrf} />
        <FormError error={error} />
        <label htmlFor="name">{t('name')}</label>
        <input id="name" name="name" autoComplete="name" defaultValue={submitted.name} />
        <label htmlFor="email">{t('email')}</label>
        <input id="email" name="email" type="email" autoComplete="username" required defaultValue={submitted.email} />
        <label htmlFor="password">{t('password')}</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={minLength}
          aria-describedby="password-rule" />
        <p id="password-rule" className="hint">{t('passwordRule', { min: minLength })}</p>
        <button type="submit" disabled={navigation.state === 'submitting'}>{t('setup.submit')}</button>
      </Form>
    </section>
  );
}
