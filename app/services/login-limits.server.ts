import type { AppLoadContext } from '@remix-run/node';
import { and, asc, eq, gt, inArray, lt, type SQL } from 'drizzle-orm';
import { loginAttempts } from '../../db/schema';
import {
  accountKey, addressKey, ATTEMPT_RETENTION_MS, decideLoginAttempt, tooManyAttempts, windowStart,
} from '~/domain/login-limits';
import { inWriteTransaction, type Db, type WriteTx } from './database.server';

/** The client's address as app/server.js puts it in the load context (X-Forwarded-For only with TRUST_PROXY=1). */
export function clientIpOf(context: AppLoadContext | undefined): string {
  const ip = context?.clientIp;
  return typeof ip === 'string' && ip ? ip : 'unknown';
}

export interface LoginAttempt {
  id: number;
}

/**
 * Admits a sign-in attempt under the limits (domain/login-limits), or refuses it with 429
 * `too_many_attempts` and writes nothing. An admitted attempt is written as failed before the password is
 * checked, in the same transaction as the count: concurrent guesses cannot all pass the count before any of
 * them is written. `loginSucceeded` turns it into a success.
 */
export function admitLoginAttempt(input: { email: string; ip: string; now?: number }, db: Db): LoginAttempt {
  const now = input.now ?? Date.now();
  const email = accountKey(input.email);
  const ip = addressKey(input.ip);
  return inWriteTransaction(db, (tx) => {
    const decision = decideLoginAttempt({
      account: failureTimes(tx, eq(loginAttempts.email, email), now),
      address: failureTimes(tx, eq(loginAttempts.ip, ip), now),
    }, now);
    if (!decision.allowed) throw tooManyAttempts(decision);
    forgetOldAttempts(tx, now);
    const [attempt] = tx.insert(loginAttempts).values({ email, ip, success: false, createdAt: now }).returning({ id: loginAttempts.id }).all();
    return attempt;
  });
}

/** Inside the transaction that opens the session. A success does not wipe the failures before it. */
export function loginSucceeded(tx: WriteTx, attempt: LoginAttempt): void {
  tx.update(loginAttempts).set({ success: true }).where(eq(loginAttempts.id, attempt.id)).run();
}

function failureTimes(tx: WriteTx, who: SQL, now: number): number[] {
  return tx.select({ at: loginAttempts.createdAt }).from(loginAttempts)
    .where(and(who, eq(loginAttempts.success, false), gt(loginAttempts.createdAt, windowStart(now))))
    .all().map((row) => row.at);
}

/**
 * Looks at the oldest rows only (ids grow with time), so the cost per attempt stays the same however large
 * the table is; each attempt removes up to this many, which keeps the table at about a day of attempts.
 */
const FORGET_PER_ATTEMPT = 100;

function forgetOldAttempts(tx: WriteTx, now: number): void {
  const oldest = tx.select({ id: loginAttempts.id }).from(loginAttempts).orderBy(asc(loginAttempts.id)).limit(FORGET_PER_ATTEMPT);
  tx.delete(loginAttempts).where(and(inArray(loginAttempts.id, oldest), lt(loginAttempts.createdAt, now - ATTEMPT_RETENTION_MS))).run();
}
