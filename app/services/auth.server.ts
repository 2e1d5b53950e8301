import { createHash, randomBytes } from 'node:crypto';
import { and, count, eq, gt, isNull } from 'drizzle-orm';
import { memberships, sessions, users } from '../../db/schema';
import { canonicalEmail, checkNewPassword, normalizeEmail } from '~/domain/accounts';
import { AppError } from '~/domain/errors';
import { getDb, inWriteTransaction, type Db } from './database.server';
import { admitLoginAttempt, loginSucceeded } from './login-limits.server';
import { hashPassword, verifyPassword } from './passwords.server';
import { SESSION_DAYS } from './session-cookie.server';

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  sessionId: string;
  csrfToken: string;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

export function countUsers(db: Db = getDb()): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

export type { Role } from '~/domain/permissions';
import type { Role } from '~/domain/permissions';

/** Creates an account (setup page, `workbench create-user`); `onlyIfFirst` makes it the first-account setup. */
export async function createUser(
  input: { email: string; name?: string; password: string; role: Role; onlyIfFirst?: boolean },
  db: Db = getDb(),
) {
  const email = normalizeEmail(input.email);
  checkNewPassword(input.password);
  const name = (input.name ?? '').trim() || email.split('@')[0];
  const passwordHash = await hashPassword(input.password);
  return inWriteTransaction(db, (tx) => {
    if (input.onlyIfFirst && (tx.select({ n: count() }).from(users).get()?.n ?? 0) > 0) {
      throw new AppError('setup_done', 409, 'the first account exists already; sign in instead');
    }
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
      throw new AppError('email_taken', 409, 'an account with this e-mail address exists already', { field: 'email' });
    }
    const [user] = tx.insert(users).values({ email, name, passwordHash }).returning({ id: users.id, email: users.email, name: users.name }).all();
    tx.insert(memberships).values({ userId: user.id, projectId: null, role: input.role, lang: null }).run();
    return user;
  });
}

/**
 * Checks the credentials and opens a new session with a fresh id (never one the client brought along:
 * session fixation). The answer for an unknown e-mail and a wrong password is the same, in about the
 * same time. Refused with 429 `too_many_attempts`, before the password is looked at, once the account or
 * the client's address has had too many failures (services/login-limits); `clientIp` defaults to one shared
 * `unknown` address, so every caller that has the real one should pass it. `now` is for tests.
 */
export async function login(
  input: { email: string; password: string; previousToken: string | null; clientIp?: string; now?: number },
  db: Db = getDb(),
) {
  const email = canonicalEmail(input.email);
  const attempt = admitLoginAttempt({ email, ip: input.clientIp ?? 'unknown', now: input.now }, db);
  const user = db.select().from(users).where(eq(users.email, email)).get();
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !ok) throw new AppError('invalid_credentials', 401, 'wrong e-mail address or password');
  const token = newToken();
  const csrfToken = newToken();
  inWriteTransaction(db, (tx) => {
    loginSucceeded(tx, attempt);
    if (input.previousToken) tx.delete(sessions).where(eq(sessions.id, sessionIdOf(input.previousToken))).run();
    tx.insert(sessions).values({
      id: sessionIdOf(token), userId: user.id, csrfToken, expiresAt: Date.now() + SESSION_DAYS * 24 * 3600 * 1000,
    }).run();
  });
  return { token, user: { id: user.id, email: user.email, name: user.name } };
}

export function logout(token: string, db: Db = getDb()): void {
  inWriteTransaction(db, (tx) => tx.delete(sessions).where(eq(sessions.id, sessionIdOf(token))).run());
}

/** The signed-in user of a session token, read from the database on every request; null when expired. */
export function findSessionUser(token: string, db: Db = getDb()): SessionUser | null {
  const row = db.select({
    id: users.id, email: users.email, name: users.name, sessionId: sessions.id, csrfToken: sessions.csrfToken,
  }).from(sessions).innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionIdOf(token)), gt(sessions.expiresAt, Date.now()))).get();
  return row ?? null;
}

export function isCoordinator(userId: number, db: Db = getDb()): boolean {
  return !!db.select({ id: memberships.id }).from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.role, 'coordinator'), isNull(memberships.projectId))).get();
}
