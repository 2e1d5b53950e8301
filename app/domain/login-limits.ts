import { canonicalEmail } from './accounts';
import { AppError } from './errors';

/**
 * Sign-in rate limits as decisions over the times of recent failed attempts: no clock, no database. One
 * limit per account (the e-mail as typed, whether or not an account has it, so a lockout tells nothing about
 * who has an account) and one per client address.
 */

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Five typos are forgiven; the sixth attempt within the window is refused, even with the right password. */
export const ACCOUNT_FAILURE_LIMIT = 5;
/** Volunteers in one office share an address, so an address gets more room than one account. */
export const ADDRESS_FAILURE_LIMIT = 20;
/** A client told to come back in 3 s would only hammer the server again. */
export const MIN_RETRY_AFTER_SECONDS = 60;
/** No limit looks further back than this: older attempts may be deleted. */
export const ATTEMPT_RETENTION_MS = 24 * 3600 * 1000;

export type LimitScope = 'account' | 'address';

export type LoginDecision =
  | { allowed: true }
  | { allowed: false; scope: LimitScope; retryAfter: number; minutes: number };

export interface RecentFailures {
  /** Times (ms) of failed attempts for the account; older ones are ignored. */
  account: readonly number[];
  address: readonly number[];
}

/** Only attempts after this moment count. */
export function windowStart(now: number): number {
  return now - LOGIN_WINDOW_MS;
}

/**
 * Milliseconds until enough of the counted failures have left the window for one more attempt; 0 when it is
 * allowed now. With n ≥ limit failures in the window, the (n − limit + 1)-th oldest has to leave.
 */
export function waitBeforeNextAttempt(failures: readonly number[], limit: number, now: number): number {
  const counted = failures.filter((t) => t > windowStart(now)).sort((a, b) => a - b);
  if (counted.length < limit) return 0;
  return counted[counted.length - limit] + LOGIN_WINDOW_MS - now;
}

/** Allowed, or refused with the limit that is reached (the one with the longer wait when both are). */
export function decideLoginAttempt(recent: RecentFailures, now: number): LoginDecision {
  const waits: [LimitScope, number][] = [
    ['account', waitBeforeNextAttempt(recent.account, ACCOUNT_FAILURE_LIMIT, now)],
    ['address', waitBeforeNextAttempt(recent.address, ADDRESS_FAILURE_LIMIT, now)],
  ];
  const [scope, wait] = waits.reduce((a, b) => (b[1] > a[1] ? b : a));
  if (wait <= 0) return { allowed: true };
  const retryAfter = Math.max(MIN_RETRY_AFTER_SECONDS, Math.ceil(wait / 1000));
  return { allowed: false, scope, retryAfter, minutes: Math.ceil(retryAfter / 60) };
}

/** 429 `too_many_attempts`; `details.retryAfter` becomes the `Retry-After` header (services/http errorData). */
export function tooManyAttempts(decision: Extract<LoginDecision, { allowed: false }>): AppError {
  return new AppError('too_many_attempts', 429, `too many failed sign-ins; try again in ${decision.retryAfter} seconds`, {
    retryAfter: decision.retryAfter, minutes: decision.minutes, scope: decision.scope,
  });
}

/** The account an attempt counts against. Longer than any e-mail address cannot be an account: cut, not stored whole. */
export function accountKey(email: string): string {
  return canonicalEmail(email).slice(0, 254);
}

/**
 * The address an attempt counts against: IPv4 as is (also when written IPv4-mapped), IPv6 by its /64,
 * because one subscriber gets a whole /64 and could otherwise take a fresh address for every guess.
 */
export function addressKey(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address.slice(0, 64) || 'unknown';
  const groups = ipv6Groups(address);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address.slice(0, 64);
}

/** The eight groups of an IPv6 address, without leading zeros; null when it is not one. */
function ipv6Groups(address: string): string[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parts = halves.map((half) => (half ? half.split(':') : []));
  const last = parts[parts.length - 1];
  if (last.length && last[last.length - 1].includes('.')) {
    const octets = last.pop()!.split('.').map(Number);
    if (octets.length !== 4 || octets.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return null;
    last.push(((octets[0] << 8) | octets[1]).toString(16), ((octets[2] << 8) | octets[3]).toString(16));
  }
  const present = parts.reduce((n, p) => n + p.length, 0);
  const elided = halves.length === 2 ? 8 - present : 0;
  if (halves.length === 2 ? elided < 1 : present !== 8) return null;
  const groups = [...parts[0], ...Array<string>(elided).fill('0'), ...(parts[1] ?? [])];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16).toString(16));
}
