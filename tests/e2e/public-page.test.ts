import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { exportXliff } from '~/services/exchange.server';
import { publish } from '~/services/publishing.server';
import { approveTranslation } from '~/services/review.server';
import { saveTranslation } from '~/services/translations.server';
import { launchChromium, screenshot, signIn } from '../support/browser';
import { addMember } from '../support/members';
import { startServer, type RunningServer } from '../support/server';

/**
 * Issue 7's browser test, in real Chromium: the coordinator brings the Urdu letter back from a CAT tool as an
 * approved XLIFF file (upload, preview, confirm), publishes it from the publish page, and a reader with no session
 * opens the public page: right to left, drawn with Noto Nastaliq Urdu, signatories in place, and translations that
 * try to be markup (security.md TXT-01…03, XL-16) shown as text with no script run. Then every language's page,
 * screenshotted on a phone-sized screen (tests/.output/screenshots/public-*.png).
 */

let server: RunningServer;
let browser: Browser;
let db: Db;
const letter = { project: 'itu-2012', document: 'sign-on-letter' };
const HOSTILE = ['<script>window.__xss=1</script>', '</script><script>window.__xss=1</script>', '<img src=x onerror="window.__xss=1"><svg onload="window.__xss=1">'];
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const SAMPLES: Record<string, string> = {
  es: 'Nos oponemos a la ampliación del tratado.', fr: 'Nous nous opposons à l’extension du traité.',
  th: 'เราคัดค้านการขยายสนธิสัญญา', bn: 'আমরা চুক্তির সম্প্রসারণের বিরোধিতা করি।', 'zh-Hans': '我们反对扩大该条约。',
};

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  db = openDatabase(server.databasePath);
  const tr = (await addMember(db, 'tr', [{ role: 'translator', lang: null }])).id;
  const rv = (await addMember(db, 'rv', [{ role: 'reviewer', lang: null }])).id;
  const coord = (await addMember(db, 'coord', [{ role: 'coordinator', lang: null }])).id;
  // The other five languages are translated, approved and published through the services, for the screenshots.
  for (const lang of Object.keys(SAMPLES)) {
    for (const s of loadEditor({ ...letter, lang, viewer: null }, db).segments.filter((x) => x.translatable)) {
      const saved = saveTranslation({ ...letter, lang, segment: s.key, userId: tr, text: `${SAMPLES[lang]} ${s.placeholderText}`, baseVersion: 0, needsWork: false }, db);
      approveTranslation({ ...letter, lang, segment: s.key, userId: rv, version: saved.version }, db);
    }
    publish({ ...letter, lang, userId: coord }, db);
  }
}, 120_000);

afterAll(async () => {
  db?.$client.close();
  await browser?.close();
  await server?.stop();
});

describe('publishing the Urdu letter and reading it', () => {
  it('the coordinator imports an approved XLIFF file and publishes; the public page is RTL Nastaliq with inert text', async () => {
    // The agency's file: every unit approved, three of them with text that looks like markup.
    let n = 0;
    const file = exportXliff({ ...letter, lang: 'ur', xliff: '1.2', viewer: null }, db).body
      .replace(/<trans-unit ([^>]*?)xml:space="preserve">(<source>(.*?)<\/source>)/g, (_all, attrs: string, source: string, inner: string) => {
        const hostile = !/<[gx] /.test(inner) ? HOSTILE[n++] : undefined;
        const target = hostile ? escapeXml(hostile) : `ہم اس خط کی تائید کرتے ہیں۔ ${inner}`;
        return `<trans-unit ${attrs}approved="yes" xml:space="preserve">${source}<target state="final">${target}</target>`;
      });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server.url, 'coord@example.org');
    await page.goto(`${server.url}/projects/itu-2012/sign-on-letter/ur/xliff`);
    await page.setInputFiles('#xliff-file', { name: 'sign-on-letter.ur.xlf', mimeType: 'application/xliff+xml', buffer: Buffer.from(file) });
    await Promise.all([page.waitForURL(/\/xliff\?preview=/), page.getByRole('button', { name: 'Show what it changes' }).click()]);
    await page.getByText('48 translations will be saved').waitFor();
    await page.getByRole('button', { name: 'Save these translations' }).click();
    await page.getByText('48 translations were saved from the file.').waitFor();

    await page.goto(`${server.url}/projects/itu-2012/sign-on-letter/ur/publish`);
    await page.getByText('All 48 sentences are approved').waitFor();
    await page.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByText('Version 1 is published.').waitFor();
    await context.close();

    // A reader: no session, a phone.
    const reader = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const view = await reader.newPage();
    const violations: string[] = [];
    view.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    const response = await view.goto(`${server.url}/read/itu-2012/sign-on-letter/ur`);
    expect(response!.status()).toBe(200);
    expect(await view.getAttribute('html', 'dir')).toBe('rtl');
    expect(await view.getAttribute('html', 'lang')).toBe('ur');
    await view.evaluate(() => document.fonts.ready);
    await expect.poll(() => view.evaluate(() => document.fonts.check('16px "Noto Nastaliq Urdu"', 'ہم اس خط کی تائید کرتے ہیں'))).toBe(true);
    expect(await view.evaluate(() => [...document.fonts].some((f) => f.family.replace(/["']/g, '') === 'Noto Nastaliq Urdu' && f.status === 'loaded'))).toBe(true);
    const signatories = view.locator('ul.signatories li');
    expect(await signatories.count()).toBeGreaterThan(10);
    // Signatory names are not translated: the lists keep them, in English and left to right, inside the Urdu page.
    for (const list of await view.locator('ul.signatories').all()) {
      expect(await list.getAttribute('lang')).toBe('en');
      expect(await list.getAttribute('dir')).toBe('ltr');
    }
    expect(await view.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await view.locator('script, img, svg').count()).toBe(0);
    const text = await view.locator('main').innerText();
    for (const hostile of HOSTILE) expect(text).toContain(hostile);
    expect(violations).toEqual([]);
    await screenshot(view, 'public-ur');
    await reader.close();
  }, 90_000);

  it('every language\'s public page, on a phone, in its own script and direction', async () => {
    const reader = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const view = await reader.newPage();
    for (const [lang, dir] of [['es', 'ltr'], ['th', 'ltr'], ['bn', 'ltr'], ['zh-Hans', 'ltr'], ['fr', 'ltr']] as const) {
      expect((await view.goto(`${server.url}/read/itu-2012/sign-on-letter/${lang}`))!.status()).toBe(200);
      expect(await view.getAttribute('html', 'dir')).toBe(dir);
      await view.evaluate(() => document.fonts.ready);
      expect(await view.locator('main').innerText()).toContain(SAMPLES[lang]);
      await screenshot(view, `public-${lang}`);
    }
    expect((await view.goto(`${server.url}/read/itu-2012/sign-on-letter`))!.status()).toBe(200);
    expect(await view.locator('nav.languages li').count()).toBe(7);
    await screenshot(view, 'public-en');
    await reader.close();
  }, 60_000);
});
