import type { LoaderFunctionArgs } from '@remix-run/node';
import { AppError } from '~/domain/errors';
import { currentUser } from '~/services/http.server';

/** `GET /me`: who the session cookie signs in, as JSON for scripts and tests; 401 in the error shape without one. */
export function loader({ request }: LoaderFunctionArgs) {
  const headers = { 'Cache-Control': 'no-store' };
  const user = currentUser(request);
  if (!user) return Response.json(new AppError('unauthenticated', 401, 'sign in first').toJSON(), { status: 401, headers });
  return Response.json({ user: { id: user.id, email: user.email, name: user.name } }, { headers });
}
