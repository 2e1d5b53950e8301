import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { CsrfInput } from '~/components/CsrfInput';
import { FormError } from '~/components/FormError';
import { logout } from '~/services/auth.server';
import { readMutation, runAction, sessionToken } from '~/services/http.server';
import { clearSessionCookie } from '~/services/session-cookie.server';

/** POST only: signing out is a mutation (a link that signs out on GET could be triggered by any page). */
export async function action({ request }: ActionFunctionArgs) {
  return runAction(request, async () => {
    await readMutation(request);
    const token = sessionToken(request);
    if (token) logout(token);
    throw redirect('/login', { headers: { 'Set-Cookie': clearSessionCookie() } });
  });
}

/** `GET /logout` offers the button; after a refused sign-out (an expired page) it also says why. */
export default function Logout() {
  const answer = useActionData<typeof action>();
  const { t } = useTranslation('common');
  return (
    <section className="auth-page">
      <FormError error={answer && 'error' in answer ? answer.error : null} />
      <Form method="post">
        <CsrfInput />
        <button type="submit">{t('signOut')}</button>
      </Form>
    </section>
  );
}
