import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { inWriteTransaction, type Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { createInvitation } from '~/services/invitations.server';
import { createProject } from '~/services/projects.server';
import { saveTranslation } from '~/services/translations.server';
import { Client } from '../support/client';
import { dumpTables } from '../support/db';
import { addMember } from '../support/members';
import { startServer, type RunningServer } from '../support/server';

/**
 * security.md sections A, B and C, over HTTP against the real server, with the people the list names:
 * tr_th, rv_th, rv_fr, coord (project 1), coord2 (project 2 only), and `mixed` (reviewer(fr) + translator(all)).
 * Deeper tests of single cases live beside the code they test: the CSRF crawl of every route (csrf.test.ts:
 * CSRF-04 and CSRF-05 on every action and page), sign-in limits and timing (auth-hardening.test.ts: AUTH-01,
 * 04, 05, 06, 07), revoked roles (invitations.test.ts: AUTH-09, and below), CSRF-06 in a real browser (e2e/cross-site.test.ts).
 * AZ-04's publish half and AZ-09 wait for publishing (issue 7): there is no publish route yet.
 */

let server: RunningServer;
let db: Db;
const people: Record<string, Client> = {};
const ids: Record<string, number> = {};
let keys: string[];
const letter = '/projects/itu-2012/sign-on-letter';
const segmentPage = (lang: string, key: string) => `${letter}/${lang}/s/${key}`;

const securityLog = (kind: string) => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM security_log WHERE kind = ${kind}`)!.n;
const approvals = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM revisions WHERE origin = 'review' AND state = 30`)!.n;
const translation = (key: string, lang: string) => db.get<{ text: string; state: number; version: number; lang: string; project_id: number }>(sql`
  SELECT t.text, t.state, t.version, t.lang, d.project_id FROM translations t JOIN segments s ON s.id = t.segment_id
  JOIN documents d ON d.id = s.document_id WHERE s.key = ${key} AND t.lang = ${lang}`);

function saveRow(key: string, text: string, version: number) {
  return { save: key, [`text.${key}`]: text, [`version.${key}`]: String(version), _inline: '1' };
}

async function signedIn(name: string): Promise<Client> {
  const client = new Client(server.url);
  expect((await client.signIn(`${name}@example.org`, 'a long passphrase')).status).toBe(302);
  return client;
}

beforeAll(async () => {
  server = await startServer();
  db = openDatabase(server.databasePath);
  const p2 = inWriteTransaction(db, (tx) => createProject(tx, { slug: 'second-campaign', title: 'Second campaign', sourceLang: 'en', targets: ['th'] }));
  const members: [string, Parameters<typeof addMember>[2]][] = [
    ['tr_th', [{ role: 'translator', lang: 'th' }]],
    ['rv_th', [{ role: 'reviewer', lang: 'th' }]],
    ['rv_fr', [{ role: 'reviewer', lang: 'fr' }]],
    ['coord', [{ role: 'coordinator', lang: null }]],
    ['coord2', [{ role: 'coordinator', projectId: p2.id, lang: null }]],
    ['mixed', [{ role: 'reviewer', lang: 'fr' }, { role: 'translator', lang: null }]],
    ['revoked', [{ role: 'reviewer', lang: 'th' }]],
    ['rv2_th', [{ role: 'reviewer', lang: 'th' }]],
  ];
  for (const [name, grants] of members) ids[name] = (await addMember(db, name, grants)).id;
  keys = loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'th', viewer: null }, db).segments
    .filter((s) => s.translatable && s.codes.length === 0).map((s) => s.key);
  // Thai and French translations by their translators, waiting for review.
  for (const key of keys.slice(0, 18)) {
    saveTranslation({ project: 'itu-2012', document: 'sign-on-letter', lang: 'th', segment: key, userId: ids.tr_th, text: `ไทย ${key}`, baseVersion: 0, needsWork: false }, db);
    saveTranslation({ project: 'itu-2012', document: 'sign-on-letter', lang: 'fr', segment: key, userId: ids.mixed, text: `français ${key}`, baseVersion: 0, needsWork: false }, db);
  }
  for (const name of members.map(([n]) => n)) people[name] = await signedIn(name);
}, 60_000);

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

describe('A. CSRF: rv_th approving a Thai segment from its page', () => {
  const approve = async (headers: Record<string, string>, withToken = true) => {
    const client = people.rv_th;
    const token = await client.tokenFrom(segmentPage('th', keys[0]));
    const fields = { ...(withToken ? { _csrf: token } : {}), intent: 'approve', version: '1' };
    const response = await client.request(segmentPage('th', keys[0]), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    return response;
  };

  const cases: [string, Record<string, string>][] = [
    ['CSRF-01: a foreign Origin, with a valid cookie and token', { Origin: 'https://evil.example' }],
    ['CSRF-02: Sec-Fetch-Site: cross-site and no Origin', { 'Sec-Fetch-Site': 'cross-site' }],
    ['CSRF-03: no Origin, no Sec-Fetch-Site, no Referer (fail closed)', {}],
  ];
  for (const [name, headers] of cases) {
    it(`${name} → 403 csrf_rejected, nothing changed, one security_log row`, async () => {
      const before = dumpTables(db);
      const logged = securityLog('csrf_rejected');
      const response = await approve(headers);
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('csrf_rejected');
      expect(dumpTables(db)).toBe(before);
      expect(securityLog('csrf_rejected')).toBe(logged + 1);
    });
  }

  it('CSRF-04: same origin without the form token → 403 missing_token_in_body; with it, the approval goes through', async () => {
    const before = dumpTables(db);
    const refused = await approve({ Origin: server.url }, false);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatchObject({ code: 'csrf_rejected', details: { reason: 'missing_token_in_body' } });
    expect(dumpTables(db)).toBe(before);
    // The control: the same request from our page, token included, is accepted, so the refusals above are the checks'.
    const accepted = await approve({ Origin: server.url });
    expect(accepted.status).toBe(302);
    expect(translation(keys[0], 'th')).toMatchObject({ state: 30, version: 2 });
  });
});

describe('B. Authentication and sessions', () => {
  it('AUTH-02: after logout the old cookie saves nothing', async () => {
    const client = await signedIn('tr_th');
    const token = await client.tokenFrom(`${letter}/th`);
    const oldCookie = client.cookieHeader();
    expect((await client.post('/logout', { _csrf: token })).status).toBe(302);
    const before = dumpTables(db);
    const replay = await client.request(`${letter}/th`, {
      method: 'POST',
      headers: { Cookie: oldCookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ _csrf: token, ...saveRow(keys[5], 'replayed', 1) }).toString(),
    });
    expect([401, 403]).toContain(replay.status);
    expect((await replay.json()).error.code).toMatch(/^(unauthenticated|csrf_rejected)$/);
    expect(dumpTables(db)).toBe(before);
    const me = await client.request('/me', { headers: { Cookie: oldCookie } });
    expect(me.status).toBe(401);
  });

  it('AUTH-03: the session cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, without Domain (production)', async () => {
    const client = new Client(server.url);
    const response = await client.signIn('rv_fr@example.org', 'a long passphrase');
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('__Host-session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\/(;|$)/);
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it('an invitation link (a password for a week) never reaches the access log', async () => {
    const { token } = await createInvitation({ actor: ids.coord, project: 'itu-2012', email: 'newcomer@example.org', roles: [{ role: 'translator', lang: 'th' }], origin: server.url }, db);
    const visitor = new Client(server.url);
    expect((await visitor.get(`/invite/${token}`)).status).toBe(200);
    await expect.poll(() => server.output()).toMatch(/GET \/invite\/… 200/);
    expect(server.output()).not.toContain(token);
  });

  it('AUTH-08: passwords are stored as argon2id with the OWASP parameters and a salt of their own', () => {
    const hashes = db.all<{ password_hash: string }>(sql`SELECT password_hash FROM users WHERE email IN ('tr_th@example.org', 'rv_th@example.org')`).map((r) => r.password_hash);
    expect(hashes).toHaveLength(2);
    for (const hash of hashes) expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    // The same password, two different salts (and so two different hashes).
    const salt = (hash: string) => hash.split('$')[4];
    expect(salt(hashes[0])).not.toBe(salt(hashes[1]));
  });

  it('AUTH-09: a reviewer whose role is revoked cannot approve with the session they still hold', async () => {
    const client = people.revoked;
    const token = await client.tokenFrom(segmentPage('th', keys[6]));
    db.run(sql`DELETE FROM memberships WHERE user_id = ${ids.revoked}`);
    const response = await client.post(segmentPage('th', keys[6]), { _csrf: token, intent: 'approve', version: '1' }, { Accept: 'application/json' });
    // Without any role left the project is not theirs to see at all: the 404 of a missing project.
    expect([403, 404]).toContain(response.status);
    expect(translation(keys[6], 'th')).toMatchObject({ state: 20, version: 1 });
  });
});

describe('C. Authorization', () => {
  async function post(name: string, path: string, fields: Record<string, string>) {
    const client = people[name];
    const token = await client.tokenFrom('/');
    return client.post(path, { _csrf: token, ...fields }, { Accept: 'application/json' });
  }

  it('AZ-01: tr_th saving a French segment → 403 forbidden, unchanged', async () => {
    const before = dumpTables(db);
    const response = await post('tr_th', `${letter}/fr`, saveRow(keys[1], 'pas à moi', 1));
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
    expect(dumpTables(db)).toBe(before);
  });

  it('AZ-02: tr_th approving a Thai segment → 403, from the editor and from the segment page', async () => {
    const before = dumpTables(db);
    expect((await post('tr_th', `${letter}/th`, { approve: `${keys[1]}:1`, _inline: '1' })).status).toBe(403);
    expect((await post('tr_th', segmentPage('th', keys[1]), { intent: 'approve', version: '1' })).status).toBe(403);
    expect(dumpTables(db)).toBe(before);
  });

  it('AZ-03: rv_th approving a French segment → 403 and a security_log row naming the refusal', async () => {
    const before = dumpTables(db);
    const logged = securityLog('permission_refused');
    const response = await post('rv_th', segmentPage('fr', keys[1]), { intent: 'approve', version: '1' });
    expect(response.status).toBe(403);
    expect(dumpTables(db)).toBe(before);
    expect(securityLog('permission_refused')).toBe(logged + 1);
    const row = db.get<{ user_id: number; path: string; details: string }>(sql`SELECT user_id, path, details FROM security_log ORDER BY id DESC LIMIT 1`)!;
    expect(row).toMatchObject({ user_id: ids.rv_th, path: segmentPage('fr', keys[1]) });
    expect(JSON.parse(row.details)).toMatchObject({ need: 'review', lang: 'fr' });
  });

  it('AZ-04: rv_th and tr_th may not import (page or post) → 403, unchanged', async () => {
    for (const name of ['rv_th', 'tr_th']) {
      expect((await people[name].get('/projects/itu-2012/import')).status).toBe(403);
      const before = dumpTables(db);
      const form = new FormData();
      form.set('_csrf', await people[name].tokenFrom('/'));
      form.set('document', 'sign-on-letter');
      form.set('file', new Blob(['Replaced by a reviewer.'], { type: 'text/plain' }), 'letter.txt');
      const response = await people[name].request('/projects/itu-2012/import', { method: 'POST', headers: { Origin: server.url, Accept: 'application/json' }, body: form });
      expect(response.status).toBe(403);
      expect(dumpTables(db)).toBe(before);
    }
  });

  it('AZ-05: coord2 reading or saving a project-1 segment gets a 404 byte-identical to a segment that does not exist', async () => {
    const json = { Accept: 'application/json' };
    const real = await people.coord2.get(segmentPage('th', keys[2]), json);
    const missing = await people.coord2.get(segmentPage('th', 'zzzzzzzzzz'), json);
    expect(real.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(Buffer.from(await real.arrayBuffer())).toEqual(Buffer.from(await missing.arrayBuffer()));
    // …and a project that does not exist at all answers the same way (same code, same message).
    const absent = await people.coord2.get(`/projects/no-such-project/sign-on-letter/th/s/${keys[2]}`, json);
    expect(absent.status).toBe(404);
    const [a, b] = [await (await people.coord2.get(segmentPage('th', keys[2]), json)).json(), await absent.json()];
    expect({ code: a.error.code, message: a.error.message }).toEqual({ code: b.error.code, message: b.error.message });

    const before = dumpTables(db);
    const saveReal = await post('coord2', `${letter}/th`, saveRow(keys[2], 'นอกโครงการ', 1));
    const saveMissing = await post('coord2', `${letter}/th`, saveRow('zzzzzzzzzz', 'นอกโครงการ', 1));
    expect(saveReal.status).toBe(404);
    expect(await saveReal.text()).toBe(await saveMissing.text());
    expect(dumpTables(db)).toBe(before);
    // The HTML pages differ only by the per-response script nonce.
    const page = async (path: string) => (await (await people.coord2.get(path)).text()).replace(/nonce="[^"]+"/g, 'nonce=""');
    expect(await page(segmentPage('th', keys[2]))).toBe(await page(segmentPage('th', 'zzzzzzzzzz')));
  });

  it('AZ-06: extra fields in a save change nothing but the text: state, language, project and version are the server\'s', async () => {
    const before = translation(keys[3], 'th')!;
    const response = await post('tr_th', `${letter}/th`, {
      ...saveRow(keys[3], 'ไทย แก้ไข', before.version), status: 'approved', state: '30', approvedBy: '1', lang: 'fr', projectId: '2', version: '999',
    });
    expect(response.status).toBe(200);
    expect(translation(keys[3], 'th')).toMatchObject({ text: 'ไทย แก้ไข', state: 20, lang: 'th', project_id: 1, version: before.version + 1 });
    expect(translation(keys[3], 'fr')!.text).toBe(`français ${keys[3]}`);
  });

  it('AZ-07: reviewer(fr) + translator(all) approving a Thai segment → 403 (roles do not add up)', async () => {
    const before = approvals();
    expect((await post('mixed', segmentPage('th', keys[4]), { intent: 'approve', version: '1' })).status).toBe(403);
    expect(approvals()).toBe(before);
    // …while the French review right is real.
    expect((await post('mixed', segmentPage('fr', keys[5]), { intent: 'approve', version: '1' })).status).toBe(403); // mixed wrote it: self-approval
    expect((await post('rv_fr', segmentPage('fr', keys[5]), { intent: 'approve', version: '1' })).status).toBe(302);
    expect(approvals()).toBe(before + 1);
  });

  it('AZ-08: rv_th approving a translation rv_th wrote → 403 self_approval_forbidden', async () => {
    const key = keys[7];
    const current = translation(key, 'th')!;
    expect((await post('rv_th', `${letter}/th`, saveRow(key, 'ไทย เขียนเอง', current.version))).status).toBe(200);
    const before = dumpTables(db);
    const response = await post('rv_th', segmentPage('th', key), { intent: 'approve', version: String(current.version + 1) });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('self_approval_forbidden');
    expect(dumpTables(db)).toBe(before);
  });
});

describe('two reviewers approving the same segment at once (issue 5)', () => {
  it('makes one approval; the other reviewer gets 409 with the version that won — ten segments, both posts in flight together', async () => {
    const [a, b] = [people.rv_th, people.rv2_th];
    const [tokenA, tokenB] = [await a.tokenFrom('/'), await b.tokenFrom('/')];
    for (const key of keys.slice(8, 18)) {
      const before = approvals();
      const fields = { intent: 'approve', version: '1' };
      const answers = await Promise.all([
        a.post(segmentPage('th', key), { _csrf: tokenA, ...fields }, { Accept: 'application/json' }),
        b.post(segmentPage('th', key), { _csrf: tokenB, ...fields }, { Accept: 'application/json' }),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([302, 409]);
      const loser = answers.find((r) => r.status === 409)!;
      expect((await loser.json()).error).toMatchObject({ code: 'version_conflict', details: { current: { version: 2, state: 'approved' } } });
      expect(approvals()).toBe(before + 1);
      expect(translation(key, 'th')).toMatchObject({ state: 30, version: 2 });
    }
  });
});
