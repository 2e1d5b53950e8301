import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { AppError } from '~/domain/errors';
import { createUser, login } from '~/services/auth.server';
import type { Db } from '~/services/database.server';
import { hashingStats, MAX_HASHES_IN_FLIGHT, resetHashingStats } from '~/services/passwords.server';
import { Client } from '../support/client';
import { freshDb } from '../support/db';
import { startServer, type RunningServer } from '../support/server';

/** Sign-in hardening, security.md section B: limits, same answers, bounded hashing, password rules, fresh sessions. */

const PASSWORD = 'vellum kite orchard';
const WRONG = 'wrong horse battery';
const MINUTE = 60_000;

/** What a sign-in came to: `signed_in`, or the refusal's code and details. */
async function outcome(attempt: Promise<unknown>): Promise<{ code: string; details?: Record<string, unknown> }> {
  try {
    await attempt;
    return { code: 'signed_in' };
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, details: error.details };
    throw error;
  }
}

describe('sign-in limits, in the service', () => {
  it('the sixth attempt at an account in 15 minutes is refused even with the right password, until the oldest failure is 15 minutes old', async () => {
    const db = freshDb();
    await createUser({ email: 'ana@example.org', password: PASSWORD, role: 'translator' }, db);
    const t0 = Date.now();
    const attempt = (password: string, now: number) => outcome(login({ email: 'Ana@Example.org ', password, previousToken: null, clientIp: '203.0.113.1', now }, db));
    for (let i = 0; i < 5; i++) expect(await attempt(WRONG, t0 + i * 1000)).toEqual({ code: 'invalid_credentials', details: {} });
    expect(await attempt(PASSWORD, t0 + 10 * MINUTE)).toEqual({ code: 'too_many_attempts', details: { retryAfter: 300, minutes: 5, scope: 'account' } });
    expect(await attempt(PASSWORD, t0 + 15 * MINUTE - 1)).toMatchObject({ code: 'too_many_attempts', details: { retryAfter: 60, minutes: 1 } });
    expect(await attempt(PASSWORD, t0 + 15 * MINUTE)).toEqual({ code: 'signed_in' });
    // Refused attempts are not counted (they would stretch the lockout past what Retry-After said).
    expect(db.$client.prepare('SELECT success, count(*) AS n FROM login_attempts GROUP BY success ORDER BY success').all())
      .toEqual([{ success: 0, n: 5 }, { success: 1, n: 1 }]);
  });

  it('an address without an account is locked the same way, so a lockout tells nothing about who has one', async () => {
    const db = freshDb();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await outcome(login({ email: 'nobody@example.org', password: WRONG, previousToken: null, clientIp: `203.0.113.${i}` }, db))).code);
    expect(answers).toEqual([...Array(5).fill('invalid_credentials'), 'too_many_attempts']);
  });

  it('a burst of concurrent guesses at one account gets five tries, not one per request', async () => {
    const db = freshDb();
    await createUser({ email: 'target@example.org', password: PASSWORD, role: 'translator' }, db);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      outcome(login({ email: 'target@example.org', password: WRONG, previousToken: null, clientIp: `198.51.100.${i}` }, db))));
    const codes = answers.map((a) => a.code).sort();
    expect(codes).toEqual([...Array(5).fill('invalid_credentials'), ...Array(7).fill('too_many_attempts')]);
  });

  it('40 concurrent sign-ins never hash more than two passwords at a time (AUTH-06)', async () => {
    expect(MAX_HASHES_IN_FLIGHT).toBeLessThanOrEqual(2);
    const db = freshDb();
    await createUser({ email: 'member@example.org', password: PASSWORD, role: 'translator' }, db);
    resetHashingStats();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => outcome(login({
      email: i === 0 ? 'member@example.org' : `guess-${i}@example.org`, password: i === 0 ? PASSWORD : WRONG, previousToken: null, clientIp: `192.0.2.${i}`,
    }, db))));
    expect(answers.filter((a) => a.code === 'invalid_credentials')).toHaveLength(39);
    expect(answers[0].code).toBe('signed_in');
    // The limit was reached (two at once, or one on a 2-core machine) and never passed.
    expect(hashingStats()).toEqual({ inFlight: 0, maxInFlight: MAX_HASHES_IN_FLIGHT });
  });

  it('forgets attempts older than a day when it records new ones', async () => {
    const db = freshDb();
    const insert = db.$client.prepare('INSERT INTO login_attempts (email, ip, success, created_at) VALUES (?, ?, 0, ?)');
    const now = Date.now();
    for (let i = 0; i < 3; i++) insert.run('old@example.org', '203.0.113.9', now - 25 * 3600_000);
    insert.run('recent@example.org', '203.0.113.9', now - 2 * 3600_000);
    await outcome(login({ email: 'someone@example.org', password: WRONG, previousToken: null, clientIp: '203.0.113.9' }, db));
    expect(db.$client.prepare('SELECT email FROM login_attempts ORDER BY id').all())
      .toEqual([{ email: 'recent@example.org' }, { email: 'someone@example.org' }]);
  });
});

describe('signing in over HTTP', () => {
  /** The server behind a proxy (TRUST_PROXY=1): each test comes from an address of its own. */
  let server: RunningServer;
  /** The server with no proxy in front: X-Forwarded-For is whatever a client wrote. */
  let direct: RunningServer;
  let db: Db;

  beforeAll(async () => {
    [server, direct] = await Promise.all([startServer({ env: { TRUST_PROXY: '1' } }), startServer()]);
    db = openDatabase(server.databasePath);
    // With an account, /login shows its form (a fresh install sends everyone to /setup).
    await createUser({ email: 'someone@example.org', password: PASSWORD, role: 'translator' }, db);
    const directDb = openDatabase(direct.databasePath);
    await createUser({ email: 'someone@example.org', password: PASSWORD, role: 'translator' }, directDb);
    directDb.$client.close();
  });
  afterAll(async () => {
    db?.$client.close();
    await Promise.all([server?.stop(), direct?.stop()]);
  });

  const from = (ip: string) => ({ 'X-Forwarded-For': ip });
  const json = { Accept: 'application/json' };

  async function signIn(client: Client, email: string, password: string, ip: string, headers: Record<string, string> = json) {
    const token = await client.tokenFrom('/login');
    return client.post('/login', { _csrf: token, email, password }, { ...headers, ...from(ip) });
  }

  const refusedLogins = (email: string) => (db.$client.prepare("SELECT details FROM security_log WHERE kind = 'login_refused'").all() as { details: string }[])
    .map((row) => JSON.parse(row.details) as { email: string; code: string; ip: string })
    .filter((d) => d.email === email);

  it('the setup page refuses short and common passwords, and keeps all 128 characters of a long one (AUTH-07)', async () => {
    // The setup page exists only on a fresh install: this test has a server of its own.
    const fresh = await startServer();
    const freshDatabase = openDatabase(fresh.databasePath);
    try {
      const client = new Client(fresh.url);
      const token = await client.tokenFrom('/setup');
      const setup = (password: string) => client.post('/setup', { _csrf: token, email: 'coordinator@example.org', name: 'Coordinator', password }, json);
      const short = await setup('Tq7#vWz');
      expect(short.status).toBe(422);
      expect((await short.json()).error).toMatchObject({ code: 'password_too_short', details: { min: 8 } });
      for (const common of ['password', 'PASSWORD']) {
        const refused = await setup(common);
        expect(refused.status).toBe(422);
        expect((await refused.json()).error.code).toBe('password_too_common');
      }
      expect(freshDatabase.$client.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });

      const long = Array.from({ length: 128 }, (_, i) => 'kitevellumorchard7#'[i % 19]).join('');
      expect((await setup(long)).status).toBe(302);
      const signInWith = async (password: string) => {
        const visitor = new Client(fresh.url);
        return visitor.post('/login', { _csrf: await visitor.tokenFrom('/login'), email: 'coordinator@example.org', password }, json);
      };
      expect((await signInWith(long.slice(0, 72))).status).toBe(401);
      expect((await signInWith(long)).status).toBe(302);
    } finally {
      freshDatabase.$client.close();
      await fresh.stop();
    }
  });

  it('signing in never keeps a session id the browser brought: a planted one is refused on /me and has no row (AUTH-01)', async () => {
    await createUser({ email: 'fixation@example.org', name: 'Fixation', password: PASSWORD, role: 'translator' }, db);
    const sessionRow = (token: string) => db.$client.prepare('SELECT count(*) AS n FROM sessions WHERE id = ?').get(createHash('sha256').update(token).digest('hex'));
    const me = (token: string) => fetch(new URL('/me', server.url), { headers: { Cookie: `__Host-session=${token}` } });

    const victim = new Client(server.url);
    const token = await victim.tokenFrom('/login');
    const planted = 'attacker-chosen-id-0123456789abcdef';
    victim.cookies.set('__Host-session', planted);
    const response = await victim.post('/login', { _csrf: token, email: 'fixation@example.org', password: PASSWORD }, from('203.0.113.71'));
    expect(response.status).toBe(302);
    const issued = victim.cookies.get('__Host-session')!;
    expect(issued).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued).not.toBe(planted);

    const refused = await me(planted);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe('unauthenticated');
    expect(sessionRow(planted)).toEqual({ n: 0 });
    const user = db.$client.prepare("SELECT id FROM users WHERE email = 'fixation@example.org'").get() as { id: number };
    const answer = await me(issued);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ user: { id: user.id, email: 'fixation@example.org', name: 'Fixation' } });
    expect(sessionRow(issued)).toEqual({ n: 1 });

    // Signing in again in the same browser replaces a real session too: the old one is gone, not left alive.
    const again = await victim.post('/login', { _csrf: await victim.tokenFrom('/'), email: 'fixation@example.org', password: PASSWORD }, from('203.0.113.71'));
    expect(again.status).toBe(302);
    expect(victim.cookies.get('__Host-session')).not.toBe(issued);
    expect((await me(issued)).status).toBe(401);
    expect(sessionRow(issued)).toEqual({ n: 0 });
  });

  it('/me answers 401 in the error shape without a session', async () => {
    const response = await new Client(server.url).get('/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ error: { code: 'unauthenticated', message: 'sign in first', details: {} } });
  });

  it('five wrong passwords, then 429 with Retry-After even with the right one and from elsewhere; 15 minutes later it works (AUTH-04)', async () => {
    await createUser({ email: 'locked@example.org', password: PASSWORD, role: 'translator' }, db);
    const client = new Client(server.url);
    for (let i = 0; i < 5; i++) {
      const wrong = await signIn(client, 'locked@example.org', WRONG, '203.0.113.80');
      expect(wrong.status).toBe(401);
      expect((await wrong.json()).error.code).toBe('invalid_credentials');
    }
    const sixth = await signIn(client, 'locked@example.org', WRONG, '203.0.113.80');
    expect(sixth.status).toBe(429);
    const { error } = await sixth.json();
    expect(error).toMatchObject({ code: 'too_many_attempts', details: { minutes: 15, scope: 'account' } });
    expect(error.details.retryAfter).toBeGreaterThan(890);
    expect(error.details.retryAfter).toBeLessThanOrEqual(900);
    expect(sixth.headers.get('Retry-After')).toBe(String(error.details.retryAfter));

    // The right password, from another address, and as a person's browser asks: still refused, and said so.
    const right = await signIn(new Client(server.url), 'locked@example.org', PASSWORD, '203.0.113.81', {});
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('Retry-After'))).toBeGreaterThanOrEqual(60);
    expect(await right.text()).toContain('Too many wrong sign-ins. Wait 15 min and try again.');
    expect(refusedLogins('locked@example.org').map((d) => d.code)).toEqual([...Array(5).fill('invalid_credentials'), 'too_many_attempts', 'too_many_attempts']);
    expect(refusedLogins('locked@example.org').at(-1)!.ip).toBe('203.0.113.81');

    // Fifteen minutes pass (the attempts are moved back in time): the right password works again.
    db.$client.prepare("UPDATE login_attempts SET created_at = created_at - ? WHERE email = 'locked@example.org'").run(15 * MINUTE);
    expect((await signIn(client, 'locked@example.org', PASSWORD, '203.0.113.80')).status).toBe(302);
  });

  it('an address gets 20 failures, then 429 for everyone there; another address behind the same proxy is not affected', async () => {
    await createUser({ email: 'volunteer@example.org', password: PASSWORD, role: 'translator' }, db);
    const office = '198.51.100.20';
    const client = new Client(server.url);
    for (let i = 0; i < 20; i++) expect((await signIn(client, `typo-${i}@example.org`, WRONG, office)).status).toBe(401);
    const colleague = await signIn(client, 'volunteer@example.org', PASSWORD, office);
    expect(colleague.status).toBe(429);
    expect((await colleague.json()).error.details.scope).toBe('address');
    // Writing another address in front does not help: only what the proxy added counts.
    const spoofed = await signIn(client, 'volunteer@example.org', PASSWORD, `203.0.113.250, ${office}`);
    expect(spoofed.status).toBe(429);
    expect((await signIn(new Client(server.url), 'volunteer@example.org', PASSWORD, '198.51.100.21')).status).toBe(302);
  });

  it('without TRUST_PROXY, a made-up X-Forwarded-For does not get a client past the limit per address', async () => {
    const client = new Client(direct.url);
    for (let i = 0; i < 20; i++) expect((await signIn(client, `spoof-${i}@example.org`, WRONG, `203.0.113.${100 + i}`)).status).toBe(401);
    const next = await signIn(client, 'spoof-20@example.org', WRONG, '203.0.113.200');
    expect(next.status).toBe(429);
    expect((await next.json()).error.details.scope).toBe('address');
  });

  it('an unknown e-mail and a wrong password get the same status and body, in about the same time (AUTH-05)', async () => {
    const known = Array.from({ length: 22 }, (_, i) => `timing-${i}@example.org`);
    await Promise.all(known.map((email) => createUser({ email, password: PASSWORD, role: 'translator' }, db)));
    const client = new Client(server.url);
    const token = await client.tokenFrom('/login');
    let n = 0;
    // Every try has its own e-mail and address, so no limit is reached on the way.
    async function attempt(email: string) {
      const started = performance.now();
      const response = await client.post('/login', { _csrf: token, email, password: WRONG }, { ...json, ...from(`192.0.2.${n++}`) });
      const body = (await response.text()).replaceAll(email, '<e-mail>');
      return { ms: performance.now() - started, answer: `${response.status} ${body}` };
    }
    // Not measured: the first unknown e-mail also makes the dummy hash.
    for (let i = 0; i < 2; i++) {
      await attempt(known[20 + i]);
      await attempt(`warm-up-${i}@example.org`);
    }
    const times = { known: [] as number[], unknown: [] as number[] };
    const answers = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const pair = i % 2 ? [['unknown', `nobody-${i}@example.org`], ['known', known[i]]] : [['known', known[i]], ['unknown', `nobody-${i}@example.org`]];
      for (const [kind, email] of pair) {
        const { ms, answer } = await attempt(email);
        times[kind as 'known' | 'unknown'].push(ms);
        answers.add(answer);
      }
    }
    expect([...answers]).toHaveLength(1);
    const [answer] = answers;
    expect(answer).toMatch(/^401 /);
    expect(JSON.parse(answer.slice(4)).error.code).toBe('invalid_credentials');
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    expect(Math.abs(median(times.known) - median(times.unknown))).toBeLessThan(50);
  });

  it('40 concurrent sign-ins from one address: 20 are checked, 20 refused with 429, and /healthz stays fast (AUTH-06)', async () => {
    const client = new Client(server.url);
    const token = await client.tokenFrom('/login');
    const burst = (address: string) => Promise.all(Array.from({ length: 40 }, async (_, i) => {
      const response = await client.post('/login', { _csrf: token, email: `burst-${address}-${i}@example.org`, password: WRONG }, { ...json, ...from(address) });
      await response.arrayBuffer();
      return response.status;
    }));
    const counted = (statuses: number[]) => ({ 401: statuses.filter((s) => s === 401).length, 429: statuses.filter((s) => s === 429).length });
    // A flood lasts longer than one burst: the first one, not measured, pays what a process pays once (compiling, heap, connections).
    expect(counted(await burst('192.0.2.249'))).toEqual({ 401: 20, 429: 20 });

    const latencies: number[] = [];
    let burstOver = false;
    const probe = (async () => {
      while (!burstOver) {
        const started = performance.now();
        const health = await fetch(new URL('/healthz', server.url));
        await health.arrayBuffer();
        expect(health.status).toBe(200);
        latencies.push(performance.now() - started);
      }
    })();
    const statuses = await burst('192.0.2.250');
    burstOver = true;
    await probe;
    expect(counted(statuses)).toEqual({ 401: 20, 429: 20 });
    expect(latencies.length).toBeGreaterThanOrEqual(10);
    const p95 = [...latencies].sort((a, b) => a - b)[Math.ceil(latencies.length * 0.95) - 1];
    expect(p95, `/healthz answered in ${latencies.map(Math.round).join(', ')} ms`).toBeLessThan(200);
  });
});
