import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { createUser } from '~/services/auth.server';
import type { Db } from '~/services/database.server';
import { createDocument } from '~/services/documents.server';
import { loadEditor } from '~/services/editor.server';
import { findProject } from '~/services/projects.server';
import { Client } from '../support/client';
import { dumpTables } from '../support/db';

const revisionCount = () => (db.$client.prepare('SELECT count(*) AS n FROM revisions').get() as { n: number }).n;
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let db: Db;
const editorPath = '/projects/itu-2012/sign-on-letter/ur';

beforeAll(async () => {
  server = await startServer();
  // The test reads and prepares the server's own database file, as a second process would.
  db = openDatabase(server.databasePath);
});
afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

async function signedIn(email: string) {
  await createUser({ email, name: email.split('@')[0], password: 'a long passphrase', role: 'translator' }, db);
  const client = new Client(server.url);
  const response = await client.signIn(email, 'a long passphrase');
  expect(response.status).toBe(302);
  return client;
}

/** The fields of one row as the editor's form names them. */
function row(key: string, text: string, baseVersion = 0, extra: Record<string, string> = {}) {
  return { save: key, [`text.${key}`]: text, [`version.${key}`]: String(baseVersion), ...extra };
}

function firstTranslatable() {
  return loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', viewer: null }, db).segments.find((s) => s.translatable && s.codes.length === 0)!;
}

describe('a fresh install', () => {
  it('sends the first visitor to the setup page, and answers /healthz', async () => {
    const client = new Client(server.url);
    const home = await client.get('/');
    expect(home.status).toBe(302);
    expect(home.headers.get('Location')).toBe('/setup');
    const health = await client.get('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
  });

  it('creates the first coordinator from the setup page, and only once', async () => {
    const client = new Client(server.url);
    const token = await client.tokenFrom('/setup');
    const tokenless = await client.post('/setup', { email: 'sneaky@example.org', password: 'correct horse battery' }, { Accept: 'application/json' });
    expect(tokenless.status).toBe(403);
    expect((await tokenless.json()).error).toMatchObject({ code: 'csrf_rejected', details: { reason: 'missing_token_in_body' } });
    expect(db.$client.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 0 });
    const created = await client.post('/setup', { _csrf: token, email: 'first@example.org', name: 'First', password: 'correct horse battery' });
    expect(created.status).toBe(302);
    expect(created.headers.get('Location')).toBe('/');
    expect((await client.get('/')).status).toBe(200);

    const stranger = new Client(server.url);
    expect((await stranger.get('/setup')).headers.get('Location')).toBe('/login');
    const strangerToken = await stranger.tokenFrom('/login');
    const second = await stranger.post('/setup', { _csrf: strangerToken, email: 'second@example.org', password: 'correct horse battery' });
    expect(second.status).toBe(302);
    expect(second.headers.get('Location')).toBe('/login');
    expect(db.$client.prepare("SELECT count(*) AS n FROM users WHERE email = 'second@example.org'").get()).toEqual({ n: 0 });
  });
});

describe('sessions', () => {
  it('signing in sets a new HttpOnly, SameSite=Lax, Secure session cookie and replaces a planted one', async () => {
    await createUser({ email: 'cookie@example.org', password: 'a long passphrase', role: 'translator' }, db);
    const client = new Client(server.url);
    const token = await client.tokenFrom('/login');
    client.cookies.set('__Host-session', 'attacker-chosen-session-id-0123456789');
    const response = await client.post('/login', { _csrf: token, email: 'cookie@example.org', password: 'a long passphrase' });
    expect(response.status).toBe(302);
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('__Host-session='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Domain=/i);
    expect(client.cookies.get('__Host-session')).not.toBe('attacker-chosen-session-id-0123456789');
  });

  it('a wrong password and an unknown e-mail get the same answer', async () => {
    await createUser({ email: 'known@example.org', password: 'a long passphrase', role: 'translator' }, db);
    const answers = [];
    for (const email of ['known@example.org', 'nobody@example.org']) {
      const client = new Client(server.url);
      const token = await client.tokenFrom('/login');
      const response = await client.post('/login', { _csrf: token, email, password: 'wrong password' }, { Accept: 'application/json' });
      answers.push([response.status, (await response.json()).error.code]);
    }
    expect(answers).toEqual([[401, 'invalid_credentials'], [401, 'invalid_credentials']]);
  });

  it('after signing out, the old cookie no longer saves anything', async () => {
    const client = await signedIn('leaver@example.org');
    const token = await client.tokenFrom(editorPath);
    const oldCookies = new Map(client.cookies);
    expect((await client.post('/logout', { _csrf: token })).status).toBe(302);
    const replay = new Client(server.url);
    for (const [k, v] of oldCookies) replay.cookies.set(k, v);
    const before = dumpTables(db);
    const segment = firstTranslatable();
    const save = await replay.post(editorPath, { _csrf: token, ...row(segment.key, 'x') }, { Accept: 'application/json' });
    // The action refuses it (401); a page load then sends the visitor to sign in (302 to /login).
    expect([401, 302]).toContain(save.status);
    if (save.status === 302) expect(save.headers.get('Location')).toMatch(/^\/login/);
    const inline = await replay.post(editorPath, { _csrf: token, ...row(segment.key, 'x', 0, { _inline: '1' }) }, { Accept: 'application/json' });
    expect(inline.status).toBe(401);
    expect((await inline.json()).error.code).toBe('unauthenticated');
    expect(dumpTables(db)).toBe(before);
  });
});

describe('saving over HTTP', () => {
  it('saves in place, refuses a stale save with 409 and both texts, and keeps the stored text', async () => {
    const client = await signedIn('saver@example.org');
    const token = await client.tokenFrom(editorPath);
    const segment = firstTranslatable();
    const first = await client.post(editorPath, { _csrf: token, ...row(segment.key, 'پہلا', 0, { _inline: '1' }) }, { Accept: 'application/json' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ ok: true, result: { version: 1, state: 'translated', changed: true } });
    const stale = await client.post(editorPath, { _csrf: token, ...row(segment.key, 'دوسرا', 0, { _inline: '1' }) }, { Accept: 'application/json' });
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.error).toMatchObject({ code: 'version_conflict', details: { current: { version: 1, text: 'پہلا' }, yours: { text: 'دوسرا' } } });
    expect(body.submitted).toEqual({ segment: segment.key, text: 'دوسرا' });
  });

  it('without JavaScript the page posts every row, saves the changed ones and comes back to the row', async () => {
    const client = await signedIn('nojs@example.org');
    const token = await client.tokenFrom(editorPath);
    const rows = loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', viewer: null }, db).segments.filter((s) => s.translatable && s.codes.length === 0);
    // The whole page as a browser posts it: every row, two of them changed, the button of the second pressed.
    const fields: Record<string, string> = { _csrf: token, save: rows[4].key };
    for (const r of rows) {
      fields[`text.${r.key}`] = r.target?.text ?? '';
      fields[`version.${r.key}`] = String(r.target?.version ?? 0);
    }
    fields[`text.${rows[3].key}`] = 'بغیر جاوا اسکرپٹ';
    fields[`text.${rows[4].key}`] = 'دوسری قطار';
    const before = revisionCount();
    const response = await client.post(`${editorPath}?state=all`, fields);
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(`${editorPath}?state=all&saved=2&at=${rows[4].key}#seg-${rows[4].key}`);
    expect(revisionCount()).toBe(before + 2);
    const page = await (await client.get(response.headers.get('Location')!)).text();
    expect(page).toContain('بغیر جاوا اسکرپٹ');
    expect(page).toContain('2 segments saved.');
  });

  it('without JavaScript a refused row keeps its typed text and does not stop the others', async () => {
    const client = await signedIn('mixed@example.org');
    const token = await client.tokenFrom(editorPath);
    const [a, b] = loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', viewer: null }, db).segments.filter((s) => s.translatable && !s.target && s.codes.length === 0);
    const response = await client.post(editorPath, { _csrf: token, save: a.key,
      [`text.${a.key}`]: 'ٹھیک ہے', [`version.${a.key}`]: '0', [`text.${b.key}`]: 'bad\u0007text', [`version.${b.key}`]: '0' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('ٹھیک ہے');
    const box = new RegExp(`name="text\\.${b.key}"[^>]*>([^<]*)</textarea>`).exec(html);
    expect(box?.[1]).toBe('bad\u0007text');
    expect(html).toContain('invisible control character (U+0007)');
    const stored = loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', viewer: null }, db).segments;
    expect(stored.find((s) => s.key === a.key)!.target?.text).toBe('ٹھیک ہے');
    expect(stored.find((s) => s.key === b.key)!.target).toBeNull();
  });

  it('refuses a body over the size limit with 413 and a broken text with 422, changing nothing', async () => {
    const client = await signedIn('big@example.org');
    const token = await client.tokenFrom(editorPath);
    const segment = firstTranslatable();
    const before = dumpTables(db);
    const big = await client.post(editorPath, { _csrf: token, ...row(segment.key, 'ก'.repeat(300_000)) }, { Accept: 'application/json' });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('payload_too_large');
    const control = await client.post(editorPath, { _csrf: token, ...row(segment.key, 'a\u0001b', 0, { _inline: '1' }) }, { Accept: 'application/json' });
    expect(control.status).toBe(422);
    expect((await control.json()).error).toMatchObject({ code: 'control_character', details: { codepoint: 'U+0001', index: 1 } });
    const surrogate = await client.request(editorPath, {
      method: 'POST',
      headers: { Origin: client.origin, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: `{"_csrf":"${token}","save":"${segment.key}","text.${segment.key}":"abc\\uD83D","version.${segment.key}":"0","_inline":"1"}`,
    });
    expect(surrogate.status).toBe(422);
    expect((await surrogate.json()).error.code).toBe('invalid_unicode');
    expect(dumpTables(db)).toBe(before);
  });

  it('restores an earlier version from the history page, as a new revision', async () => {
    const client = await signedIn('restorer@example.org');
    const token = await client.tokenFrom(editorPath);
    const segment = loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', viewer: null }, db).segments.filter((s) => s.translatable && !s.target && s.codes.length === 0)[5];
    await client.post(editorPath, { _csrf: token, ...row(segment.key, 'پرانا', 0, { _inline: '1' }) }, { Accept: 'application/json' });
    await client.post(editorPath, { _csrf: token, ...row(segment.key, 'نیا', 1, { _inline: '1' }) }, { Accept: 'application/json' });
    const historyPath = `${editorPath}/s/${segment.key}`;
    const page = await (await client.get(historyPath)).text();
    expect(page).toContain('پرانا');
    const revisionId = /name="revisionId" value="(\d+)"/.exec(page)![1];
    const restored = await client.post(historyPath, { _csrf: token, intent: 'restore', revisionId, baseVersion: '2' });
    expect(restored.status).toBe(302);
    expect(restored.headers.get('Location')).toBe(`${historyPath}?done=restore#history`);
    expect(loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', viewer: null }, db).segments.find((s) => s.key === segment.key)!.target)
      .toMatchObject({ text: 'پرانا', version: 3 });
    // Restoring from a page that is behind (someone saved since) is a conflict, not an overwrite.
    await client.post(editorPath, { _csrf: token, ...row(segment.key, 'تیسرا', 3, { _inline: '1' }) }, { Accept: 'application/json' });
    const stale = await client.post(historyPath, { _csrf: token, intent: 'restore', revisionId, baseVersion: '3' }, { Accept: 'application/json' });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: 'version_conflict', details: { current: { version: 4, text: 'تیسرا' } } });
  });
});

describe('missing things', () => {
  it('answers 404 in the error shape for an unknown document, language or segment', async () => {
    const client = await signedIn('lost@example.org');
    for (const path of ['/projects/itu-2012/no-such-doc/ur', '/projects/itu-2012/sign-on-letter/de', '/projects/nope/sign-on-letter/ur', `${editorPath}/s/aaaaaaaaaa`]) {
      const json = await client.get(path, { Accept: 'application/json' });
      expect({ path, status: json.status }).toEqual({ path, status: 404 });
      expect((await json.json()).error.code).toBe('not_found');
      const html = await client.get(path);
      expect(html.status).toBe(404);
      expect(await html.text()).toContain('There is no such page, document or segment.');
    }
  });
});

describe('importing a document from the web', () => {
  it('a coordinator uploads a file, reads the preview, applies it; a translator may not', async () => {
    const coordinator = new Client(server.url);
    await createUser({ email: 'importer@example.org', password: 'a long passphrase', role: 'coordinator' }, db);
    expect((await coordinator.signIn('importer@example.org', 'a long passphrase')).status).toBe(302);
    const token = await coordinator.tokenFrom('/projects/itu-2012/import');
    const upload = new FormData();
    upload.set('_csrf', token);
    upload.set('intent', 'upload');
    upload.set('document', '__new');
    upload.set('slug', 'press-release');
    upload.set('title', 'Press release');
    upload.set('file', new Blob(['# Press release\n\nCivil society rejects the ITU plan. It meets in Dubai.\n']), 'press.md');
    const uploaded = await coordinator.request('/projects/itu-2012/import', { method: 'POST', headers: { Origin: coordinator.origin }, body: upload });
    expect(uploaded.status).toBe(302);
    const previewPath = uploaded.headers.get('Location')!;
    expect(previewPath).toMatch(/^\/projects\/itu-2012\/import\/[A-Za-z0-9_-]+$/);
    const preview = await (await coordinator.get(previewPath)).text();
    expect(preview).toContain('press.md becomes the new document “Press release” with 3 segments.');
    expect(db.$client.prepare("SELECT count(*) AS n FROM documents WHERE slug = 'press-release'").get()).toEqual({ n: 0 });

    const applied = await coordinator.post(previewPath, { _csrf: token, intent: 'apply' });
    expect(applied.status).toBe(302);
    expect(applied.headers.get('Location')).toBe('/?imported=press-release&version=1');
    expect(loadEditor({ project: 'itu-2012', document: 'press-release', lang: 'th', viewer: null }, db).segments.map((s) => s.placeholderText)).toEqual([
      'Press release', 'Civil society rejects the ITU plan.', 'It meets in Dubai.',
    ]);

    const translator = await signedIn('not-a-coordinator@example.org');
    expect((await translator.get('/projects/itu-2012/import', { Accept: 'application/json' })).status).toBe(403);
    const translatorToken = await translator.tokenFrom(editorPath);
    const refused = await translator.post('/projects/itu-2012/import', { _csrf: translatorToken, intent: 'default-rules' }, { Accept: 'application/json' });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden');
  });

  it('a refused file comes back with its reason and nothing is stored', async () => {
    const coordinator = new Client(server.url);
    await createUser({ email: 'importer2@example.org', password: 'a long passphrase', role: 'coordinator' }, db);
    await coordinator.signIn('importer2@example.org', 'a long passphrase');
    const token = await coordinator.tokenFrom('/projects/itu-2012/import');
    const upload = new FormData();
    upload.set('_csrf', token);
    upload.set('intent', 'upload');
    upload.set('document', '__new');
    upload.set('slug', 'broken');
    upload.set('file', new Blob([Buffer.from('not a zip')]), 'broken.docx');
    const before = dumpTables(db);
    const response = await coordinator.request('/projects/itu-2012/import', { method: 'POST', headers: { Origin: coordinator.origin }, body: upload });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('The file broken.docx is not a Word document');
    expect(dumpTables(db)).toBe(before);
  });
});


describe('a long document, a page of rows at a time', () => {
  it('shows seed 002 (271 segments) in pages of 100, opens the page of a linked row, and all rows on request', async () => {
    const project = findProject(db, 'itu-2012')!;
    const content = fs.readFileSync(path.resolve('tests/fixtures/seeds/002_dc89209e4553f076.txt'), 'utf8');
    db.transaction((tx) => {
      createDocument(tx, { project, slug: 'brazil-pp18', title: 'Brazil: proposals to PP-18', content, mediaType: 'text/plain', fileName: '002.txt', createdBy: null });
    }, { behavior: 'immediate' });
    const all = loadEditor({ project: 'itu-2012', document: 'brazil-pp18', lang: 'ur', viewer: null }, db).segments.map((s) => s.key);
    expect(all.length).toBeGreaterThan(200);
    const client = await signedIn('pager@example.org');
    const rowsOf = async (query: string) => {
      const html = await (await client.get(`/projects/itu-2012/brazil-pp18/ur${query}`)).text();
      return { html, keys: [...html.matchAll(/<li id="seg-([a-z2-7-]+)"/g)].map((m) => m[1]) };
    };
    const first = await rowsOf('');
    expect(first.keys).toEqual(all.slice(0, 100));
    expect(first.html).toContain('Segments 1–100 of 271');
    expect(first.html).toMatch(/<a [^>]*href="[^"]*\?page=2"[^>]*rel="next"|<a [^>]*rel="next"[^>]*href="[^"]*\?page=2"/);
    expect((await rowsOf('?page=3')).keys).toEqual(all.slice(200));
    // A link to one segment (from its page, the reading mode, the activity feed) opens the page it is on.
    expect((await rowsOf(`?at=${all[250]}`)).keys).toEqual(all.slice(200));
    // The filter and the pages go together.
    expect((await rowsOf('?state=untranslated&page=2')).keys).toEqual(all.filter((k, i) => loadEditor({ project: 'itu-2012', document: 'brazil-pp18', lang: 'ur', viewer: null }, db).segments[i].translatable).slice(100, 200));
    expect((await rowsOf('?page=all')).keys).toEqual(all);
  });
});
