import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { publish } from '~/services/publishing.server';
import { approveTranslation } from '~/services/review.server';
import { saveTranslation } from '~/services/translations.server';
import { launchChromium, screenshot } from '../support/browser';
import { addMember } from '../support/members';
import { startServer, type RunningServer } from '../support/server';

/**
 * The published Urdu letter in real Chromium, without a session: right to left, drawn with Noto Nastaliq Urdu,
 * signatories in place, and translations that try to be markup (security.md TXT-01…03, XL-16) shown as text with no
 * script run. Approval here goes through the services; publishing through the service the CLI calls.
 */

let server: RunningServer;
let browser: Browser;
let db: Db;
const letter = { project: 'itu-2012', document: 'sign-on-letter', lang: 'ur' };
const HOSTILE = ['<script>window.__xss=1</script>', '</script><script>window.__xss=1</script>', '<img src=x onerror="window.__xss=1"><svg onload="window.__xss=1">'];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  db = openDatabase(server.databasePath);
  const tr = (await addMember(db, 'tr', [{ role: 'translator', lang: null }])).id;
  const rv = (await addMember(db, 'rv', [{ role: 'reviewer', lang: null }])).id;
  const coord = (await addMember(db, 'coord', [{ role: 'coordinator', lang: null }])).id;
  const segments = loadEditor({ ...letter, viewer: null }, db).segments.filter((s) => s.translatable);
  const plain = segments.filter((s) => s.codes.length === 0);
  for (const s of segments) {
    const text = HOSTILE[plain.indexOf(s)] ?? `ہم اس خط کی تائید کرتے ہیں۔ ${s.placeholderText}`;
    const saved = saveTranslation({ ...letter, segment: s.key, userId: tr, text, baseVersion: 0, needsWork: false }, db);
    approveTranslation({ ...letter, segment: s.key, userId: rv, version: saved.version }, db);
  }
  publish({ ...letter, userId: coord }, db);
}, 90_000);

afterAll(async () => {
  db?.$client.close();
  await browser?.close();
  await server?.stop();
});

describe('the public Urdu page', () => {
  it('is right to left in Nastaliq, keeps the signatories, and runs no script from the translations', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    const response = await page.goto(`${server.url}/read/itu-2012/sign-on-letter/ur`);
    expect(response!.status()).toBe(200);
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('ur');
    await page.evaluate(() => document.fonts.ready);
    await expect.poll(() => page.evaluate(() => document.fonts.check('16px "Noto Nastaliq Urdu"', 'ہم اس خط کی تائید کرتے ہیں'))).toBe(true);
    expect(await page.evaluate(() => [...document.fonts].some((f) => f.family.replace(/["']/g, '') === 'Noto Nastaliq Urdu' && f.status === 'loaded'))).toBe(true);
    expect(await page.locator('ul.signatories li').count()).toBeGreaterThan(10);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('script, img, svg').count()).toBe(0);
    const text = await page.locator('main').innerText();
    for (const hostile of HOSTILE) expect(text).toContain(hostile);
    expect(violations).toEqual([]);
    await screenshot(page, 'public-ur-phone');
    await context.close();
  });
});
