import { describe, expect, it } from 'vitest';
import { AppError } from '~/domain/errors';
import {
  accountKey, addressKey, decideLoginAttempt, LOGIN_WINDOW_MS, tooManyAttempts, waitBeforeNextAttempt,
} from '~/domain/login-limits';

const now = Date.UTC(2024, 4, 1, 12, 0, 0);
const min = 60_000;
/** `n` failures, the oldest `minutesAgo` minutes before now, then one a second. */
const failures = (n: number, minutesAgo = 1) => Array.from({ length: n }, (_, i) => now - minutesAgo * min + i * 1000);
const decide = (account: number[], address: number[] = []) => decideLoginAttempt({ account, address }, now);

describe('sign-in limits per account', () => {
  it('forgives five wrong passwords and refuses the sixth attempt, saying when to come back', () => {
    expect(decide(failures(4))).toEqual({ allowed: true });
    // The oldest of the five was 10 minutes ago: it leaves the 15-minute window in 5 minutes.
    expect(decide(failures(5, 10))).toEqual({ allowed: false, scope: 'account', retryAfter: 300, minutes: 5 });
  });

  it('counts only the last 15 minutes: a failure exactly 15 minutes old no longer counts', () => {
    const old = [now - LOGIN_WINDOW_MS, now - LOGIN_WINDOW_MS - 5 * min];
    expect(decide([...old, ...failures(4)])).toEqual({ allowed: true });
    expect(decide([now - LOGIN_WINDOW_MS + 1, ...failures(4)])).toMatchObject({ allowed: false, scope: 'account' });
  });

  it('never says less than a minute, and rounds the wait up to whole seconds and minutes', () => {
    // The oldest failure leaves the window in 2.5 s.
    expect(decide(failures(5, 15 - 2.5 / 60))).toEqual({ allowed: false, scope: 'account', retryAfter: 60, minutes: 1 });
    expect(decide([now - 14 * min + 500, ...failures(4)])).toEqual({ allowed: false, scope: 'account', retryAfter: 61, minutes: 2 });
  });

  it('with more failures than the limit, waits until enough of them have left the window', () => {
    // Seven in the window (the limit is five): the third oldest has to leave, not the oldest.
    const seven = [now - 14 * min, now - 13 * min, now - 12 * min, ...failures(4)];
    expect(waitBeforeNextAttempt(seven, 5, now)).toBe(3 * min);
    expect(decide(seven)).toMatchObject({ retryAfter: 180, minutes: 3 });
  });

  it('reads the failures in any order', () => {
    expect(decide(failures(5, 10).reverse())).toMatchObject({ retryAfter: 300 });
  });
});

describe('sign-in limits per address', () => {
  it('leaves room for an office of volunteers: 19 failures pass, the 21st attempt is refused', () => {
    expect(decide([], failures(19))).toEqual({ allowed: true });
    expect(decide([], failures(20, 5))).toEqual({ allowed: false, scope: 'address', retryAfter: 600, minutes: 10 });
  });

  it('when both limits are reached, names the one that lasts longer', () => {
    // A failure 2 minutes old counts for 13 more minutes; one 10 minutes old for 5.
    expect(decide(failures(5, 10), failures(20, 2))).toMatchObject({ scope: 'address', retryAfter: 780 });
    expect(decide(failures(5, 2), failures(20, 10))).toMatchObject({ scope: 'account', retryAfter: 780 });
  });

  it('counts IPv4 as written, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64 however it is written', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    const home = addressKey('2001:db8:aa:bb::1');
    expect(home).toBe('2001:db8:aa:bb::/64');
    expect(addressKey('2001:0DB8:00aa:00bb:ffff:1:2:3')).toBe(home);
    expect(addressKey('2001:db8:aa:bb:1::7%eth0')).toBe(home);
    expect(addressKey('2001:db8:aa:bc::1')).not.toBe(home);
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
    expect(addressKey('')).toBe('unknown');
    expect(addressKey('not:an:address::with:too:many:groups:here')).toBe('not:an:address::with:too:many:groups:here');
  });
});

describe('the refusal', () => {
  it('is 429 too_many_attempts with retryAfter (the Retry-After header) and minutes (the message)', () => {
    const decision = decide(failures(5, 10));
    if (decision.allowed) throw new Error('expected a refusal');
    const error = tooManyAttempts(decision);
    expect(error).toBeInstanceOf(AppError);
    expect(error.toJSON()).toMatchObject({ error: { code: 'too_many_attempts', details: { retryAfter: 300, minutes: 5, scope: 'account' } } });
    expect(error.status).toBe(429);
  });

  it('counts an account by its address however it is typed, whether or not it exists', () => {
    expect(accountKey('  Alice@Example.ORG ')).toBe('alice@example.org');
    expect(accountKey('x'.repeat(10_000))).toHaveLength(254);
  });
});
