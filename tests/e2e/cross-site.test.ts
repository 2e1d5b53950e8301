import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { approveTranslation } from '~/services/review.server';
import { saveTranslation } from '~/services/translations.server';
import { launchChromium, signIn } from '../support/browser';
import { addMember } from '../support/members';
import { startServer, type RunningServer } from '../support/server';

/**
 * security.md CSRF-06 in a real browser: a page on another site (here `localhost`, while the app is on
 * `127.0.0.1`: another site to the browser) submits a form to the app by itself. The browser must not send the
 * session cookie (SameSite=Lax) and the server must refuse (403), changing nothing. The forms aim at a reviewer's
 * approval, a coordinator's import, and a coordinator's publish (the case security.md names).
 */

let server: RunningServer;
let evil: http.Server;
let evilOrigin: string;
let browser: Browser;
let db: Db;
let key: string;
const pages = new Map<string, string>();

beforeAll(async () => {
  server = await startServer();
  db = openDatabase(server.databasePath);
  await addMember(db, 'rv_th', [{ role: 'reviewer', lang: 'th' }]);
  const tr = await addMember(db, 'tr_th', [{ role: 'translator', lang: 'th' }]);
  await addMember(db, 'coord', [{ role: 'coordinator', lang: null }]);
  key = loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'th', viewer: null }, db).segments.find((s) => s.translatable)!.key;
  saveTranslation({ project: 'itu-2012', document: 'sign-on-letter', lang: 'th', segment: key, userId: tr.id, text: 'ข้อความ', baseVersion: 0, needsWork: false }, db);
  evil = http.createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(pages.get(request.url ?? '/') ?? 'nothing here');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilOrigin = `http://localhost:${(evil.address() as AddressInfo).port}`;
  const app = server.url;
  pages.set('/approve', `<!doctype html><form id="f" method="post" action="${app}/projects/itu-2012/sign-on-letter/th/s/${key}">
    <input name="intent" value="approve"><input name="version" value="1"><input name="_csrf" value="guessed"></form>
    <script>document.getElementById('f').submit()</script>`);
  pages.set('/import', `<!doctype html><form id="f" method="post" enctype="multipart/form-data" action="${app}/projects/itu-2012/import">
    <input name="document" value="sign-on-letter"><textarea name="file">Replaced.</textarea></form>
    <script>document.getElementById('f').submit()</script>`);
  pages.set('/publish', `<!doctype html><form id="f" method="post" action="${app}/projects/itu-2012/sign-on-letter/th/publish">
    <input name="intent" value="publish"></form>
    <script>document.getElementById('f').submit()</script>`);
  // The Thai letter could be published: one approved sentence and the English standing in for the rest.
  const rv2 = await addMember(db, 'rv2_th', [{ role: 'reviewer', lang: 'th' }]);
  approveTranslation({ project: 'itu-2012', document: 'sign-on-letter', lang: 'th', segment: key, userId: rv2.id, version: 1 }, db);
  db.run(sql`UPDATE projects SET publish_fallback = 'source' WHERE slug = 'itu-2012'`);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (evil ? evil.close(() => resolve()) : resolve()));
  db?.$client.close();
  await server?.stop();
});

const counts = () => db.get<{ approvals: number; versions: number; publications: number }>(sql`
  SELECT (SELECT count(*) FROM revisions WHERE origin = 'review') AS approvals, (SELECT count(*) FROM source_versions) AS versions,
         (SELECT count(*) FROM publications) AS publications`);

describe('CSRF-06: a page on another site submits a form to the app', () => {
  for (const [who, path] of [['rv_th', '/approve'], ['coord', '/import'], ['coord', '/publish']] as const) {
    it(`${who}'s browser sends no session cookie, the server answers 403, nothing changes (${path})`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, server.url, `${who}@example.org`);
      const before = counts();
      const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().startsWith(server.url));
      const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(server.url));
      await page.goto(`${evilOrigin}${path}`);
      const request = await posted;
      const headers = await request.allHeaders();
      expect(headers.cookie ?? '').not.toContain('__Host-session');
      expect(headers.origin).toBe(evilOrigin);
      expect((await answered).status()).toBe(403);
      expect(counts()).toEqual(before);
      // The control: on the app's own pages this browser does send the cookie (so the check above can fail),
      // and the session is still good.
      const own = page.waitForRequest((r) => r.url() === `${server.url}/me`);
      await page.goto(`${server.url}/me`);
      expect((await (await own).allHeaders()).cookie).toContain('__Host-session');
      expect(await page.textContent('body')).toContain(`${who}@example.org`);
      await context.close();
    });
  }
});
