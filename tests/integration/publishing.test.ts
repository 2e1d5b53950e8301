import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { findProject } from '~/services/projects.server';
import { publish } from '~/services/publishing.server';
import { approveTranslation } from '~/services/review.server';
import { applyImport, planImport, textSource } from '~/services/sources.server';
import { saveTranslation } from '~/services/translations.server';
import { Client } from '../support/client';
import { addMember } from '../support/members';
import { startServer, type RunningServer } from '../support/server';

/**
 * Issue 7's public side over HTTP against the real server, without a session: the source page, 404 before a
 * language is published, publication with every segment approved, the "behind the English" banner in the page's
 * language after a source change, immutable numbered versions, ETag/304 and the headers, and translations that
 * try to be markup (security.md TXT-01…03) rendered as text.
 */

let server: RunningServer;
let db: Db;
const letter = { project: 'itu-2012', document: 'sign-on-letter' };
const read = '/read/itu-2012/sign-on-letter';
const ids: Record<string, number> = {};
const HOSTILE = ['<script>window.__xss=1</script>', '</script><script>window.__xss=1</script>', '<img src=x onerror="window.__xss=1"> <svg onload=alert(1)>'];

const get = (p: string, headers: Record<string, string> = {}) => fetch(new URL(p, server.url), { headers, redirect: 'manual' });

/** Translates every translatable segment (the first three with hostile text) and approves it. */
function translateAndApprove(lang: string, prefix: string, saver = ids.tr, approver = ids.rv) {
  const segments = loadEditor({ ...letter, lang, viewer: null }, db).segments.filter((s) => s.translatable);
  const plainOnes = segments.filter((s) => s.codes.length === 0);
  for (const s of segments) {
    const hostile = HOSTILE[plainOnes.indexOf(s)];
    const text = hostile ?? `${prefix} ${s.placeholderText}`;
    const base = s.target?.version ?? 0;
    const saved = saveTranslation({ ...letter, lang, segment: s.key, userId: saver, text, baseVersion: base, needsWork: false }, db);
    if (saved.state !== 'approved') approveTranslation({ ...letter, lang, segment: s.key, userId: approver, version: saved.version }, db);
  }
  return segments.length;
}

beforeAll(async () => {
  server = await startServer();
  db = openDatabase(server.databasePath);
  ids.tr = (await addMember(db, 'tr', [{ role: 'translator', lang: null }])).id;
  ids.rv = (await addMember(db, 'rv', [{ role: 'reviewer', lang: null }])).id;
  ids.coord = (await addMember(db, 'coord', [{ role: 'coordinator', lang: null }])).id;
}, 60_000);

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

describe('public pages', () => {
  it('GET the source page without a session: 200, English, the letter, CSP, and an ETag that answers 304', async () => {
    const page = await get(read);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en" dir="ltr">/);
    expect(html).toContain('ITU');
    expect(html).not.toMatch(/<script/i);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(page.headers.get('set-cookie')).toBeNull();
    const etag = page.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const again = await get(read, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('a language before its first publication answers 404, as does an unknown document', async () => {
    expect((await get(`${read}/fr`)).status).toBe(404);
    expect((await get(`${read}/fr/v/1`)).status).toBe(404);
    expect((await get('/read/itu-2012/no-such-document')).status).toBe(404);
    const json = await get(`${read}/fr`, { Accept: 'application/json' });
    expect((await json.json()).error.code).toBe('not_found');
  });

  it('publishing is for coordinators, and refuses while segments are unapproved (the project\'s default)', () => {
    expect(() => publish({ ...letter, lang: 'ur', userId: ids.rv }, db)).toThrow(expect.objectContaining({ code: 'forbidden', status: 403 }));
    expect(() => publish({ ...letter, lang: 'ur', userId: null }, db)).toThrow(expect.objectContaining({ code: 'not_ready_to_publish', status: 409 }));
  });

  it('publishes Urdu: right-to-left page, its fonts, signatories in place, hostile translations as text (TXT-01…03)', async () => {
    translateAndApprove('ur', 'اردو');
    expect(publish({ ...letter, lang: 'ur', userId: ids.coord }, db)).toMatchObject({ number: 1, fallback: 0 });
    const page = await get(`${read}/ur`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
    const html = await page.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="ur" dir="rtl">/);
    // Its stylesheets include the Nastaliq face (the e2e test checks the browser loads it).
    const sheets = await Promise.all([...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map(async (m) => (await get(m[1])).text()));
    expect(sheets.some((css) => css.includes('Noto Nastaliq Urdu'))).toBe(true);
    expect(html).toContain('class="signatories"');
    expect(html).toContain('نسخہ 1');
    // The source's metadata line, published as the source has it (the project's default), in English.
    expect(html).toContain('<p class="meta" lang="en" dir="ltr">Updated 14 November 2012</p>');
    expect(html).not.toMatch(/<script|<img|<svg/i);
    expect(html).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    // The source page now lists Urdu by its own name.
    expect(await (await get(read)).text()).toContain('>اردو</a>');
  });

  it('after the English changes, the Urdu page says so in Urdu; publishing again makes version 2 and /v/1 stays byte for byte', async () => {
    const v1Before = await get(`${read}/ur/v/1`);
    expect(v1Before.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const v1Html = await v1Before.text();
    const latestBefore = await (await get(`${read}/ur`)).text();
    expect(latestBefore).not.toContain('class="behind"');

    // Change one sentence of the source and import it as the document's next version.
    const source = fs.readFileSync(path.resolve('db/seed/001_65d76613f37674ec.txt'), 'utf8');
    const changed = source.replace('Civil society organizations and academics are invited to join this call.', 'Civil society organizations and academics everywhere are invited to join this call.');
    expect(changed).not.toBe(source);
    const project = findProject(db, 'itu-2012')!;
    applyImport(db, planImport(db, { project, documentSlug: 'sign-on-letter', source: textSource('letter-v2.txt', changed, 'text/plain') }), null);

    const behind = await (await get(`${read}/ur`)).text();
    expect(behind).toContain('class="behind"');
    expect(behind).toContain('انگریزی متن بدل چکا ہے');
    expect(behind).toContain(`href="${read}"`);

    // A reviewer revises every sentence (approved text is not a translator's to overwrite); the coordinator approves.
    translateAndApprove('ur', 'اردو۲', ids.rv, ids.coord);
    expect(publish({ ...letter, lang: 'ur', userId: ids.coord }, db)).toMatchObject({ number: 2 });
    const latest = await (await get(`${read}/ur`)).text();
    expect(latest).toContain('نسخہ 2');
    expect(latest).not.toContain('class="behind"');
    const snapshotV1 = db.get<{ snapshot: string }>(sql`SELECT snapshot FROM publications WHERE number = 1 AND lang = 'ur'`)!.snapshot;
    expect(snapshotV1).not.toContain('اردو۲');
    const v1After = await (await get(`${read}/ur/v/1`)).text();
    expect(v1After).not.toContain('اردو۲');
    // The text of version 1 is unchanged: the same article, byte for byte.
    const article = (html: string) => html.slice(html.indexOf('<main>'), html.indexOf('</main>'));
    expect(article(v1After)).toBe(article(v1Html));
    expect(() => db.$client.prepare("UPDATE publications SET snapshot = 'x' WHERE number = 1").run()).toThrow(/immutable/);
    expect(() => db.$client.prepare('DELETE FROM publications').run()).toThrow(/never deleted/);
    db.$client.prepare('UPDATE publications SET hidden_at = 1 WHERE number = 2').run();
    // Hidden (unpublished) version 2: the newest visible one is 1 again, and /v/2 is gone.
    expect((await get(`${read}/ur/v/2`)).status).toBe(404);
    expect(await (await get(`${read}/ur`)).text()).toContain('نسخہ 1');
  });
});

describe('the publish page (coordinators)', () => {
  it('shows what is not approved, publishes with a form, hides and shows a publication; a reviewer may not', async () => {
    const coord = new Client(server.url);
    expect((await coord.signIn('coord@example.org', 'a long passphrase')).status).toBe(302);
    const reviewer = new Client(server.url);
    await reviewer.signIn('rv@example.org', 'a long passphrase');
    const pagePath = '/projects/itu-2012/sign-on-letter/fr/publish';
    expect((await reviewer.get(pagePath, { Accept: 'application/json' })).status).toBe(403);
    // security.md AZ-04: a reviewer posting a publish is refused, and nothing is published.
    const reviewerToken = await reviewer.tokenFrom('/projects/itu-2012/sign-on-letter/fr');
    const byReviewer = await reviewer.post(pagePath, { _csrf: reviewerToken, intent: 'publish' }, { Accept: 'application/json' });
    expect(byReviewer.status).toBe(403);
    expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM publications WHERE lang = 'fr'`)!.n).toBe(0);

    // Half of French approved: the page lists the rest and, under the default policy, offers no button.
    const segments = loadEditor({ ...letter, lang: 'fr', viewer: null }, db).segments.filter((s) => s.translatable);
    for (const s of segments.slice(0, 10)) {
      const saved = saveTranslation({ ...letter, lang: 'fr', segment: s.key, userId: ids.tr, text: `FR ${s.placeholderText}`, baseVersion: 0, needsWork: false }, db);
      approveTranslation({ ...letter, lang: 'fr', segment: s.key, userId: ids.rv, version: saved.version }, db);
    }
    let html = await (await coord.get(pagePath)).text();
    expect(html).toContain('10 sentences are approved.');
    expect(html).toContain(`${segments.length - 10} sentences are not approved yet.`);
    expect(html).not.toContain('Publish version 1');
    const token = await coord.tokenFrom(pagePath);
    const refused = await coord.post(pagePath, { _csrf: token, intent: 'publish' }, { Accept: 'application/json' });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe('not_ready_to_publish');

    // With the English standing in, publishing works and readers see the stand-ins marked.
    db.run(sql`UPDATE projects SET publish_fallback = 'source', publish_metadata = 0 WHERE slug = 'itu-2012'`);
    html = await (await coord.get(pagePath)).text();
    expect(html).toContain('Publish version 1');
    const published = await coord.post(pagePath, { _csrf: token, intent: 'publish' });
    expect(published.status).toBe(302);
    expect(published.headers.get('Location')).toBe(`${pagePath}?published=1`);
    const page = await (await get(`${read}/fr`)).text();
    expect(page).toMatch(/<span class="fallback" lang="en" dir="ltr" title="Pas encore traduit : affiché en anglais.">/);
    expect(page).toContain('FR ');
    expect(page).not.toContain('Updated 14 November 2012');
    // security.md AZ-09: the public page holds only the publication's approved text — a later, unapproved save
    // does not show.
    saveTranslation({ ...letter, lang: 'fr', segment: segments[0].key, userId: ids.rv, text: 'BROUILLON non approuvé', baseVersion: 2, needsWork: false }, db);
    expect(await (await get(`${read}/fr`)).text()).not.toContain('BROUILLON');

    // Unpublish hides it from readers without deleting it; showing it brings it back.
    expect((await coord.post(pagePath, { _csrf: token, intent: 'hide', number: '1' })).status).toBe(302);
    expect((await get(`${read}/fr`)).status).toBe(404);
    expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM publications WHERE lang = 'fr'`)!.n).toBe(1);
    expect(await (await coord.get(pagePath)).text()).toContain('Publish again (show)');
    expect((await coord.post(pagePath, { _csrf: token, intent: 'show', number: '1' })).status).toBe(302);
    expect((await get(`${read}/fr`)).status).toBe(200);
    db.run(sql`UPDATE projects SET publish_fallback = 'refuse', publish_metadata = 1 WHERE slug = 'itu-2012'`);

    // The dashboard says which languages are public, and at which version (v2 of Urdu is hidden above: v1 shows).
    const dashboard = await (await coord.get('/')).text();
    expect(dashboard).toContain(`<a href="${read}/ur">Version 1</a>`);
    expect(dashboard).toContain(`<a href="${read}/fr">Version 1</a>`);
    expect(dashboard).toMatch(/data-lang="es">[\s\S]*?<td class="published">Not published/);
    expect(dashboard).toContain('href="/projects/itu-2012/sign-on-letter/es/publish"');
  });
});
