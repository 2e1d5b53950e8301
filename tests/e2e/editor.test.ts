import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { loadEditor } from '~/services/editor.server';
import { addUser, launchChromium, screenshot, signIn } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
const letter = '/projects/itu-2012/sign-on-letter';

function storedTarget(lang: string, key: string) {
  const db = openDatabase(server.databasePath);
  try {
    return loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang, viewer: null }, db).segments.find((s) => s.key === key)?.target ?? null;
  } finally {
    db.$client.close();
  }
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  await addUser(server.databasePath, 'amina@example.org', 'a long passphrase', 'Amina');
  // Bilal reviews French: he may save over Amina's text (a translator would suggest instead).
  await addUser(server.databasePath, 'bilal@example.org', 'a long passphrase', 'Bilal', 'reviewer');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('translating the Urdu letter in Chromium', () => {
  it('types a translation, saves with Ctrl+Enter, moves on, and finds it again after a reload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, server.url, 'amina@example.org');
    await page.goto(`${server.url}${letter}/ur`);
    const rows = page.locator('li.segment[data-attention="true"]');
    const key = (await rows.nth(0).getAttribute('id'))!.replace('seg-', '');
    const nextKey = (await rows.nth(1).getAttribute('id'))!.replace('seg-', '');
    const first = page.locator(`#seg-${key}`);
    const box = first.locator('textarea');
    expect(await box.getAttribute('dir')).toBe('rtl');
    expect(await box.getAttribute('lang')).toBe('ur');
    await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
    await box.fill('سائبر سکیورٹی اور معیارات');
    await box.press('Control+Enter');
    await expect.poll(() => first.locator('.save-status').textContent()).toBe('Saved');
    // The focus went to the next segment that needs work.
    expect(await page.evaluate(() => document.activeElement?.closest('li')?.id)).toBe(`seg-${nextKey}`);
    expect(storedTarget('ur', key)).toMatchObject({ text: 'سائبر سکیورٹی اور معیارات', version: 1, state: 'translated' });

    await page.reload();
    await expect.poll(() => page.locator(`#seg-${key} textarea`).inputValue()).toBe('سائبر سکیورٹی اور معیارات');
    expect(await page.locator(`#seg-${key}`).getAttribute('class')).toContain('state-translated');
    await context.close();
  });

  it('works the same without JavaScript: Save posts the form and comes back to the segment', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, server.url, 'bilal@example.org');
    await page.goto(`${server.url}${letter}/ur?state=untranslated`);
    const row = page.locator('li.segment').first();
    const key = (await row.getAttribute('id'))!.replace('seg-', '');
    expect(await row.locator('textarea').getAttribute('dir')).toBe('rtl');
    await row.locator('textarea').fill('جاوا اسکرپٹ کے بغیر');
    await Promise.all([page.waitForURL(new RegExp(`saved=1&at=${key}#seg-${key}$`)), row.getByRole('button', { name: 'Save' }).click()]);
    expect(page.url()).toContain('state=untranslated');
    expect(await page.locator('.notice').textContent()).toBe('1 segment saved.');
    expect(storedTarget('ur', key)).toMatchObject({ text: 'جاوا اسکرپٹ کے بغیر', version: 1 });
    await page.reload();
    // Untranslated filter: the saved segment has left the list; all segments show it again.
    await page.goto(`${server.url}${letter}/ur`);
    expect(await page.locator(`#seg-${key} textarea`).inputValue()).toBe('جاوا اسکرپٹ کے بغیر');
    expect(await page.locator(`#seg-${key} .save-status`).count()).toBe(0);
    await context.close();
  });

  it('shows both texts when someone saved the segment first, and keeps what you typed', async () => {
    const amina = await (await browser.newContext()).newPage();
    const bilal = await (await browser.newContext()).newPage();
    await signIn(amina, server.url, 'amina@example.org');
    await signIn(bilal, server.url, 'bilal@example.org');
    const url = `${server.url}${letter}/fr?state=untranslated`;
    await amina.goto(url);
    await bilal.goto(url);
    const key = (await amina.locator('li.segment').first().getAttribute('id'))!;
    for (const page of [amina, bilal]) await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
    await amina.locator(`#${key} textarea`).fill('Texte d’Amina');
    await amina.locator(`#${key} button.save`).click();
    await expect.poll(() => amina.locator(`#${key} .save-status`).textContent()).toBe('Saved');

    await bilal.locator(`#${key} textarea`).fill('Texte de Bilal');
    await bilal.locator(`#${key} button.save`).click();
    const conflict = bilal.locator(`#${key} .conflict`);
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Amina saved this segment after you opened it');
    expect(await conflict.locator('.conflict-text').textContent()).toBe('Texte d’Amina');
    expect(await bilal.locator(`#${key} textarea`).inputValue()).toBe('Texte de Bilal');
    expect(storedTarget('fr', key.replace('seg-', ''))!.text).toBe('Texte d’Amina');

    // Bilal merges and saves again: now on top of Amina's version, deliberately.
    await bilal.locator(`#${key} textarea`).fill('Texte d’Amina et de Bilal');
    await bilal.locator(`#${key} button.save`).click();
    await expect.poll(() => bilal.locator(`#${key} .save-status`).textContent()).toBe('Saved');
    expect(storedTarget('fr', key.replace('seg-', ''))).toMatchObject({ text: 'Texte d’Amina et de Bilal', version: 2 });
  });
});
