import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { logout } from '~/services/auth.server';
import { readMutation, runAction, sessionToken } from '~/services/http.server';
import { clearSessionCookie } from '~/services/session-cookie.server';

/** POST only: signing out is a mutation (a link that signs out on GET could be triggered by any page). */
export async function action({ request }: ActionFunctionArgs) {
  return runAction(async () => {
    await readMutation(request);
    const token = sessionToken(request);
    if (token) logout(token);
    throw redirect('/login', { headers: { 'Set-Cookie': clearSessionCookie() } });
  });
}

export function loader() {
  return redirect('/');
}
