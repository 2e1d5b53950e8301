import { parse, serialize } from 'cookie';

/**
 * The session cookie: `HttpOnly`, `SameSite=Lax`, and in production `Secure` with the `__Host-` prefix
 * (no `Domain`, `Path=/`), as security.md AUTH-03 asks. Plain-HTTP development drops only those two.
 */
const production = () => process.env.NODE_ENV === 'production';
export const sessionCookieName = () => (production() ? '__Host-session' : 'session');
/** Before sign-in there is no session: login and setup forms carry this cookie's token instead. */
export const preSessionCookieName = () => (production() ? '__Host-csrf' : 'csrf');

export const SESSION_DAYS = 30;

function attributes(maxAge: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: production(), path: '/', maxAge };
}

export function serializeSessionCookie(token: string): string {
  return serialize(sessionCookieName(), token, attributes(SESSION_DAYS * 24 * 3600));
}

export function clearSessionCookie(): string {
  return serialize(sessionCookieName(), '', attributes(0));
}

export function serializePreSessionCookie(token: string): string {
  return serialize(preSessionCookieName(), token, attributes(24 * 3600));
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('Cookie');
  if (!header) return null;
  const value = parse(header)[name];
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}
