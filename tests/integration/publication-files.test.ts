import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { BuildMissingError, loadBuildAssets } from '~/services/build-assets.server';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { publish } from '~/services/publishing.server';
import { approveTranslation } from '~/services/review.server';
import { saveTranslation } from '~/services/translations.server';
import { addMember } from '../support/members';
import { startServer, type RunningServer } from '../support/server';

/**
 * Issue 7's downloads and static site against the real server, without a session: each file of the published Urdu
 * letter (HTML, Markdown, text, print) with its type, name, ETag/304 and immutable caching; the approved text,
 * lists and signatories in place; translations that try to be markup (security.md TXT-01…03) as text in every
 * format; and `workbench export-site` served by a plain static file server showing the very pages the live server
 * shows, with every stylesheet and font they link.
 */

let server: RunningServer;
let db: Db;
const ids: Record<string, number> = {};
const read = '/read/itu-2012/sign-on-letter';
const files = `${read}/ur/v/1/download`;
const HOSTILE = ['<script>alert(1)</script>', '</script><script>window.__xss=1</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>'];

const get = (p: string, headers: Record<string, string> = {}) => fetch(new URL(p, server.url), { headers, redirect: 'manual' });
const main = (html: string) => html.slice(html.indexOf('<main>'), html.indexOf('</main>') + '</main>'.length);

/** Every translatable segment translated (the first plain ones with hostile text) and approved; returns the texts. */
function translateAndApprove(document: string, lang: string, prefix: string): Map<string, string> {
  const address = { project: 'itu-2012', document, lang };
  const segments = loadEditor({ ...address, viewer: null }, db).segments.filter((s) => s.translatable);
  const plain = segments.filter((s) => s.codes.length === 0);
  const texts = new Map<string, string>();
  for (const s of segments) {
    const text = HOSTILE[plain.indexOf(s)] ?? `${prefix} ${s.placeholderText}`;
    const saved = saveTranslation({ ...address, segment: s.key, userId: ids.tr, text, baseVersion: s.target?.version ?? 0, needsWork: false }, db);
    if (saved.state !== 'approved') approveTranslation({ ...address, segment: s.key, userId: ids.rv, version: saved.version }, db);
    texts.set(s.key, text);
  }
  return texts;
}

let letterTexts: Map<string, string>;

beforeAll(async () => {
  server = await startServer();
  db = openDatabase(server.databasePath);
  ids.tr = (await addMember(db, 'tr', [{ role: 'translator', lang: null }])).id;
  ids.rv = (await addMember(db, 'rv', [{ role: 'reviewer', lang: null }])).id;
  ids.coord = (await addMember(db, 'coord', [{ role: 'coordinator', lang: null }])).id;
  letterTexts = translateAndApprove('sign-on-letter', 'ur', 'اردو');
  publish({ project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', userId: ids.coord }, db);
  translateAndApprove('key-messages', 'ur', 'اردو');
  publish({ project: 'itu-2012', document: 'key-messages', lang: 'ur', userId: ids.coord }, db);
}, 90_000);

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

describe('downloads of a publication', () => {
  it('the Urdu page links its four files, labelled in Urdu, at the numbered version', async () => {
    const html = await (await get(`${read}/ur`)).text();
    expect(html).toContain('<p class="downloads">ڈاؤن لوڈ:');
    for (const [format, label] of [['html', 'ویب صفحہ (HTML)'], ['md', 'مارک ڈاؤن (Markdown)'], ['txt', 'سادہ متن'], ['print', 'پرنٹ کریں یا PDF محفوظ کریں']]) {
      // Files to keep carry `download`; the print page opens in the browser.
      expect(html).toContain(format === 'print' ? `<a href="${files}/${format}">${label}</a>` : `<a href="${files}/${format}" download="">${label}</a>`);
    }
  });

  const expected = [
    { format: 'html', type: 'text/html; charset=utf-8', disposition: 'attachment', name: 'itu-2012-sign-on-letter-ur-v1.html' },
    { format: 'md', type: 'text/markdown; charset=utf-8', disposition: 'attachment', name: 'itu-2012-sign-on-letter-ur-v1.md' },
    { format: 'txt', type: 'text/plain; charset=utf-8', disposition: 'attachment', name: 'itu-2012-sign-on-letter-ur-v1.txt' },
    { format: 'print', type: 'text/html; charset=utf-8', disposition: 'inline', name: 'itu-2012-sign-on-letter-ur-v1-print.html' },
  ];
  for (const { format, type, disposition, name } of expected) {
    it(`${format}: 200 without a session, its type and file name, the pages' headers, immutable, and an ETag that answers 304`, async () => {
      const response = await get(`${files}/${format}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-disposition')).toBe(`${disposition}; filename="${name}"; filename*=UTF-8''${name}`);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; .*frame-ancestors 'none'$/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('set-cookie')).toBeNull();
      const body = await response.text();
      expect(body.length).toBeGreaterThan(1000);
      const etag = response.headers.get('etag')!;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      const again = await get(`${files}/${format}`, { 'If-None-Match': etag });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      // The same bytes every time (rendered once, and from the publication alone).
      expect(await (await get(`${files}/${format}`)).text()).toBe(body);
    });
  }

  it('unknown formats, versions and languages, and hidden publications, have no files (404)', async () => {
    for (const p of [`${read}/ur/v/1/download/pdf`, `${read}/ur/v/2/download/md`, `${read}/ur/v/0/download/md`, `${read}/fr/v/1/download/txt`, '/read/itu-2012/nope/ur/v/1/download/txt']) {
      expect((await get(p)).status, p).toBe(404);
    }
    expect((await (await get(`${read}/ur/v/9/download/md`, { Accept: 'application/json' })).json()).error.code).toBe('not_found');
  });

  it('text and Markdown hold the approved text in order, lists with their labels, signatories as a list', async () => {
    const txt = await (await get(`${files}/txt`)).text();
    const md = await (await get(`${files}/md`)).text();
    const plainTexts = [...letterTexts.values()].filter((t) => !/[{}]/.test(t));
    let last = -1;
    for (const text of plainTexts) {
      const at = txt.indexOf(text, last + 1);
      expect(at, text).toBeGreaterThan(last);
      last = at;
    }
    expect(txt).toMatch(/^• اردو Publicly release WCIT proposals/m);
    expect(txt).toMatch(/\n\nArticle 19\nAssociation of Digital Culture,Taiwan\n/);
    expect(txt).toContain('Updated 14 November 2012');
    expect(txt.endsWith('\n')).toBe(true);
    expect(txt).not.toContain('{1');
    expect(md).toMatch(/^[-*] اردو Publicly release WCIT proposals/m);
    expect(md).toMatch(/\n\n([-*]) Article 19\n\1 Association of Digital Culture,Taiwan\n/);
    expect(md).toMatch(/^# /m);
    // The source's obfuscated address, as the page shows it, escaped: `[…]` is not a Markdown link.
    expect(md).toContain('\\[email\u00a0protected\\]');
  });

  it('Markdown keeps a Markdown source\'s links and emphasis as its own markup', async () => {
    const md = await (await get('/read/itu-2012/key-messages/ur/v/1/download/md')).text();
    expect(md).toMatch(/^- اردو \[One Page on ITU and Internet Governance\]\(#\) \[2\]$/m);
    expect(md).toContain('اردو **We call on governments to oppose expanding the ITU treaty to the Internet.**');
    expect(md).toContain('**Source URL:** <https://www.cdt.org/content/itu-tools-advocates>');
  });

  it('TXT-01…03: hostile translations are text in every format', async () => {
    const [html, print, md, txt] = await Promise.all(['html', 'print', 'md', 'txt'].map(async (f) => (await get(`${files}/${f}`)).text()));
    for (const page of [html, print]) {
      expect(page).not.toMatch(/<script|<img|<svg/i);
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).toContain('&lt;/script&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;');
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(page).toContain('&lt;svg onload=alert(1)&gt;');
    }
    for (const hostile of HOSTILE) expect(txt).toContain(hostile);
    expect(md).not.toMatch(/(?<!\\)<(?:script|\/script|img|svg)/i);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).toContain('\\</script\\>\\<script\\>window.\\_\\_xss=1\\</script\\>');
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(md).toContain('\\<svg onload=alert(1)\\>');
  });

  it('HTML is one self-contained file: the page\'s article, its CSS inline, the Nastaliq faces as woff2 data, a policy that allows only that style', async () => {
    const response = await get(`${files}/html`);
    const html = await response.text();
    const live = await (await get(`${read}/ur/v/1`)).text();
    expect(main(html)).toBe(main(live));
    expect(html).toMatch(/^<!DOCTYPE html><html lang="ur" dir="rtl">/);
    expect(html).not.toMatch(/<link|\/build\/_assets\//);
    expect(html).not.toContain('class="languages"');
    expect(html).toContain('نسخہ 1');
    const style = /<style>([\s\S]*)<\/style>/.exec(html)![1];
    expect(style).toContain('body.script-Arab');
    expect(style).toMatch(/@font-face\{font-family:Noto Nastaliq Urdu;[^}]*font-weight:400;src:url\(data:font\/woff2;base64,[A-Za-z0-9+/=]{1000,}\) format\("woff2"\)/);
    expect(style).toMatch(/@font-face\{font-family:Noto Nastaliq Urdu;[^}]*font-weight:700;src:url\(data:font\/woff2;base64,/);
    expect(html.length).toBeLessThan(1_500_000);
    const hash = createHash('sha256').update(style).digest('base64');
    expect(response.headers.get('content-security-policy')).toContain(`style-src 'sha256-${hash}'`);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${hash}'; font-src data:;`);
  });

  it('the print page is the page with print CSS: @page margins for A4 and Letter, its stylesheets served', async () => {
    const print = await (await get(`${files}/print`)).text();
    expect(main(print)).toBe(main(await (await get(`${read}/ur/v/1`)).text()));
    const sheets = [...print.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    const css = await Promise.all(sheets.map(async (href) => {
      const response = await get(href);
      expect(response.status, href).toBe(200);
      return response.text();
    }));
    expect(css.some((c) => c.includes('Noto Nastaliq Urdu'))).toBe(true);
    const printCss = css[css.length - 1];
    expect(printCss).toMatch(/@page\{size:auto;margin:20mm/);
    expect(printCss).toContain('@media print');
  });
});

describe('workbench export-site', () => {
  const workbench = (args: string[]) => spawnSync(process.execPath, [path.resolve('app/cli/bin.js'), ...args], {
    encoding: 'utf8', env: { ...process.env, DATABASE_PATH: server.databasePath }, timeout: 120_000,
  });
  let site: StaticSite;
  let dir: string;

  beforeAll(async () => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-site-')), 'site');
    site = await serveStatic(dir);
  });
  afterAll(() => site?.close());

  it('writes every visible publication, the source pages, their downloads and assets; served statically they are the live pages', async () => {
    // A second Urdu version (exported), then hidden (left out of the next export).
    publish({ project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', userId: ids.coord }, db);
    const first = workbench(['export-site', dir]);
    expect(first.status, first.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'read/itu-2012/sign-on-letter/ur/v/2/index.html'))).toBe(true);

    db.run(sql`UPDATE publications SET hidden_at = ${Date.now()} WHERE lang = 'ur' AND number = 2`);
    const run = workbench(['export-site', dir]);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ dir, documents: 2, publications: 2, pages: 6, downloads: 8 });
    expect(fs.existsSync(path.join(dir, 'read/itu-2012/sign-on-letter/ur/v/2'))).toBe(false);
    expect((await site.get(`${read}/ur/v/2`)).status).toBe(404);

    const pages = [read, `${read}/ur`, `${read}/ur/v/1`, '/read/itu-2012/key-messages', '/read/itu-2012/key-messages/ur', '/read/itu-2012/key-messages/ur/v/1'];
    const stylesheets = new Set<string>();
    for (const page of pages) {
      const [live, copy] = await Promise.all([get(page), site.get(page)]);
      expect(copy.status, page).toBe(200);
      const [liveHtml, copyHtml] = [await live.text(), await copy.text()];
      expect(main(copyHtml), page).toBe(main(liveHtml));
      expect(copyHtml, page).toBe(liveHtml);
      for (const m of copyHtml.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)) stylesheets.add(m[1]);
      for (const m of copyHtml.matchAll(/ href="(\/read\/[^"]+)"/g)) expect((await site.get(m[1])).status, `${page} → ${m[1]}`).toBe(200);
    }
    expect([...stylesheets].some((s) => s.includes('/build/_assets/public-'))).toBe(true);
    for (const href of stylesheets) {
      const copy = await site.get(href);
      expect(copy.status, href).toBe(200);
      const css = await copy.text();
      expect(css).toBe(await (await get(href)).text());
      for (const m of css.matchAll(/url\(([^)]+)\)/g)) expect(fs.existsSync(path.join(dir, m[1])), m[1]).toBe(true);
    }

    for (const format of ['html', 'md', 'txt', 'print']) {
      const copy = await site.get(`${files}/${format}`);
      expect(copy.status).toBe(200);
      expect(await copy.text()).toBe(await (await get(`${files}/${format}`)).text());
    }
    const print = await (await site.get(`${files}/print`)).text();
    for (const m of print.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)) expect((await site.get(m[1])).status, m[1]).toBe(200);

    const index = await (await site.get('/')).text();
    expect(index).toMatch(/^<!DOCTYPE html><html lang="en" dir="ltr">/);
    expect(index).toContain('ITU 2012');
    expect(index).toContain(`<a href="${read}/ur" lang="ur" hrefLang="ur" dir="rtl">اردو</a>`);
    expect(index).toContain('<a href="/read/itu-2012/key-messages/ur"');
    for (const m of index.matchAll(/ href="([^"]+)"/g)) expect((await site.get(m[1])).status, m[1]).toBe(200);
    const headers = fs.readFileSync(path.join(dir, '_headers'), 'utf8');
    expect(headers).toContain(`${files}/md\n  Content-Type: text/markdown; charset=utf-8\n  Content-Disposition: attachment; filename="itu-2012-sign-on-letter-ur-v1.md"`);
  }, 240_000);

  it('refuses a directory it did not write (exit 1), and a call without one (exit 2)', () => {
    const foreign = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-foreign-'));
    fs.writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    const refused = workbench(['export-site', foreign]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('was not written by export-site');
    expect(fs.readdirSync(foreign)).toEqual(['notes.txt']);
    expect(workbench(['export-site']).status).toBe(2);
  });

  it('without the Remix build, says to run `npm run build`', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-nobuild-'));
    expect(() => loadBuildAssets(empty)).toThrow(BuildMissingError);
    expect(() => loadBuildAssets(empty)).toThrow(/run `npm run build` first/);
    // The real build names every stylesheet the public pages and the print page link.
    const assets = loadBuildAssets();
    expect(assets.page.styles[0]).toMatch(/^\/build\/_assets\/public-[A-Z0-9]+\.css$/);
    expect(assets.page.fonts.Arab).toHaveLength(2);
    expect(assets.print[0]).toMatch(/^\/build\/_assets\/print-[A-Z0-9]+\.css$/);
  });
});

interface StaticSite {
  get(urlPath: string): Promise<Response>;
  close(): void;
}

/** A plain static file server, as a static host would be: a directory's index.html for its path, nothing else. */
async function serveStatic(root: string): Promise<StaticSite> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff' };
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url!, 'http://site').pathname);
    let file = path.join(root, pathname);
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { get: (urlPath) => fetch(`http://127.0.0.1:${port}${urlPath}`), close: () => server.close() };
}
