import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { saveTranslation } from '~/services/translations.server';
import { addUser, launchChromium, screenshot, signIn } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

/**
 * Issue 5's scenario in Chromium, as the team lives it: the coordinator invites a Thai translator and a Thai
 * reviewer; the translator joins by the link, translates two segments and suggests another wording for a third;
 * a second translator votes for it; the reviewer sends one back with a comment, accepts the suggestion and
 * approves the rest from the reading mode; the translator finds the rejection and its reason; the dashboard's
 * numbers are the database's. Keyboard wherever a shortcut exists.
 */

let server: RunningServer;
let browser: Browser;
let db: Db;
const letter = '/projects/itu-2012/sign-on-letter';
const contexts: BrowserContext[] = [];
let keys: string[];

async function pageFor(javaScript = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  contexts.push(context);
  return context.newPage();
}

const hydrated = (page: Page) => page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
const target = (key: string) => loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'th', viewer: null }, db).segments.find((s) => s.key === key)!.target;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  db = openDatabase(server.databasePath);
  await addUser(server.databasePath, 'coord@example.org', 'a long passphrase', 'Carla', 'coordinator');
  await addUser(server.databasePath, 'malee@example.org', 'a long passphrase', 'Malee');
  db.run(sql`UPDATE memberships SET project_id = 1, lang = 'th' WHERE user_id = (SELECT id FROM users WHERE email = 'malee@example.org')`);
  keys = loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'th', viewer: null }, db).segments
    .filter((s) => s.translatable && s.codes.length === 0).map((s) => s.key);
  // The third segment was translated earlier by the coordinator: a translator suggests rather than overwrites.
  const carla = db.get<{ id: number }>(sql`SELECT id FROM users WHERE email = 'coord@example.org'`)!.id;
  saveTranslation({ project: 'itu-2012', document: 'sign-on-letter', lang: 'th', segment: keys[2], userId: carla, text: 'คำแปลเดิม', baseVersion: 0, needsWork: false }, db);
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  db?.$client.close();
  await server?.stop();
});

async function invite(coordinator: Page, email: string, role: string): Promise<string> {
  await coordinator.goto(`${server.url}/projects/itu-2012/members`);
  await coordinator.getByLabel('Their e-mail address').fill(email);
  await coordinator.locator(`input[name="role.${role}:th"]`).check();
  await coordinator.getByRole('button', { name: 'Make the invitation link' }).click();
  const link = await coordinator.locator('input.invite-link').inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}$/);
  return link;
}

async function join(link: string, name: string): Promise<Page> {
  const page = await pageFor();
  await page.goto(link);
  await page.getByLabel('Your name (shown to your team)').fill(name);
  await page.getByLabel('Password').fill('a long passphrase for Thai');
  await Promise.all([page.waitForURL(`${server.url}/`), page.getByRole('button', { name: 'Create my account and join' }).click()]);
  return page;
}

describe('a Thai team at work (issue 5 scenario)', () => {
  let coordinator: Page;
  let translator: Page;
  let reviewer: Page;

  it('the coordinator invites a translator and a reviewer for Thai; both join by their one-time links', async () => {
    coordinator = await pageFor();
    await signIn(coordinator, server.url, 'coord@example.org');
    const translatorLink = await invite(coordinator, 'somchai@example.org', 'translator');
    const reviewerLink = await invite(coordinator, 'niran@example.org', 'reviewer');
    translator = await join(translatorLink, 'Somchai');
    reviewer = await join(reviewerLink, 'Niran');
    // A link works once.
    const again = await pageFor();
    const response = await again.goto(translatorLink);
    expect(response!.status()).toBe(410);
    const roles = db.all<{ email: string; role: string; lang: string }>(sql`
      SELECT u.email, m.role, m.lang FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email IN ('somchai@example.org', 'niran@example.org') ORDER BY u.email`);
    expect(roles).toEqual([
      { email: 'niran@example.org', role: 'reviewer', lang: 'th' },
      { email: 'somchai@example.org', role: 'translator', lang: 'th' },
    ]);
  });

  it('the translator translates two segments with Ctrl+Enter and suggests another wording for a third', async () => {
    await translator.goto(`${server.url}${letter}/th`);
    await hydrated(translator);
    for (const [i, text] of [[0, 'เราองค์กรภาคประชาสังคม'], [1, 'ขอเรียกร้องให้รัฐบาล']] as const) {
      const row = translator.locator(`#seg-${keys[i]}`);
      await row.locator('textarea').fill(text);
      await row.locator('textarea').press('Control+Enter');
      await expect.poll(() => row.locator('.save-status').textContent()).toBe('Saved');
    }
    // The third is the coordinator's finished text: the same keys make a suggestion, not an overwrite.
    const third = translator.locator(`#seg-${keys[2]}`);
    await third.locator('textarea').fill('คำแปลที่ดีกว่า');
    await third.locator('textarea').press('Control+Enter');
    await expect.poll(() => third.locator('.save-status').textContent()).toBe('Suggestion added');
    expect(target(keys[0])).toMatchObject({ text: 'เราองค์กรภาคประชาสังคม', state: 'translated' });
    expect(target(keys[1])).toMatchObject({ text: 'ขอเรียกร้องให้รัฐบาล', state: 'translated' });
    expect(target(keys[2])).toMatchObject({ text: 'คำแปลเดิม', version: 1 });
  });

  it('a second translator votes for the suggestion', async () => {
    const malee = await pageFor();
    await signIn(malee, server.url, 'malee@example.org');
    await malee.goto(`${server.url}${letter}/th/s/${keys[2]}`);
    const suggestion = malee.locator('.suggestion', { hasText: 'คำแปลที่ดีกว่า' });
    expect(await suggestion.locator('.target-text').getAttribute('lang')).toBe('th');
    await suggestion.getByRole('button', { name: 'Vote for this suggestion' }).click();
    await expect.poll(() => malee.locator('.suggestion', { hasText: 'คำแปลที่ดีกว่า' }).textContent()).toContain('1 vote');
    expect(await malee.locator('.suggestion').getByRole('button', { name: 'Take back your vote' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('the reviewer sends one back with a comment (Ctrl+Alt+R, then Ctrl+Enter) and accepts the suggestion', async () => {
    await reviewer.goto(`${server.url}${letter}/th`);
    await hydrated(reviewer);
    await reviewer.locator(`#seg-${keys[1]} textarea`).focus();
    await Promise.all([reviewer.waitForURL(/\/s\/.+#reject$/), reviewer.keyboard.press('Control+Alt+KeyR')]);
    await hydrated(reviewer);
    // The shortcut lands in the reason box, ready to type.
    await expect.poll(() => reviewer.evaluate(() => document.activeElement?.id)).toBe('reject');
    await reviewer.keyboard.type('ใช้คำว่า "ภาคประชาสังคม" ให้ตรงกับจดหมาย');
    await Promise.all([reviewer.waitForURL(/done=reject/), reviewer.keyboard.press('Control+Enter')]);
    expect(target(keys[1])).toMatchObject({ state: 'needs-work', text: 'ขอเรียกร้องให้รัฐบาล' });

    await reviewer.goto(`${server.url}${letter}/th/s/${keys[2]}`);
    const suggestion = reviewer.locator('.suggestion', { hasText: 'คำแปลที่ดีกว่า' });
    expect(await suggestion.textContent()).toContain('Somchai');
    await Promise.all([reviewer.waitForURL(/done=accept/), suggestion.getByRole('button', { name: 'Use as the translation' }).click()]);
    expect(target(keys[2])).toMatchObject({ text: 'คำแปลที่ดีกว่า', state: 'translated', version: 2 });
    const origin = db.get<{ origin: string }>(sql`SELECT r.origin FROM revisions r JOIN translations t ON t.id = r.translation_id JOIN segments s ON s.id = t.segment_id WHERE s.key = ${keys[2]} AND t.lang = 'th' ORDER BY r.version DESC LIMIT 1`)!;
    expect(origin.origin).toBe('suggestion');
  });

  it('the reviewer approves the rest from the reading mode', async () => {
    await reviewer.goto(`${server.url}${letter}/th/read`);
    const boxes = reviewer.locator('input[name="approve"]');
    // keys[0] (translated) and keys[2] (accepted suggestion) are ticked; keys[1] needs work and is not.
    expect(await reviewer.locator(`input[value^="${keys[0]}:"]`).isChecked()).toBe(true);
    expect(await reviewer.locator(`input[value^="${keys[2]}:"]`).isChecked()).toBe(true);
    expect(await reviewer.locator(`input[value^="${keys[1]}:"]`).isChecked()).toBe(false);
    expect(await boxes.count()).toBe(3);
    await screenshot(reviewer, 'reading-mode-th');
    await Promise.all([reviewer.waitForURL(/approved=2/), reviewer.getByRole('button', { name: 'Approve the selected sentences' }).click()]);
    expect(target(keys[0])!.state).toBe('approved');
    expect(target(keys[2])!.state).toBe('approved');
    expect(target(keys[1])!.state).toBe('needs-work');
  });

  it('the translator sees the rejection and its reason', async () => {
    await translator.goto(`${server.url}${letter}/th?state=comments`);
    const row = translator.locator(`#seg-${keys[1]}`);
    expect(await row.getAttribute('class')).toContain('state-needs-work');
    expect(await row.getAttribute('class')).toContain('has-comments');
    await row.getByRole('link', { name: /Details|comment/ }).first().click();
    await translator.waitForURL(new RegExp(`/s/${keys[1]}`));
    expect(await translator.locator('#comments').textContent()).toContain('ใช้คำว่า "ภาคประชาสังคม" ให้ตรงกับจดหมาย');
    expect(await translator.locator('#comments').textContent()).toContain('Niran');
  });

  it('the dashboard shows the database\'s counts: approved, needs work, open comments, and the activity', async () => {
    await coordinator.goto(`${server.url}/`);
    const thai = coordinator.locator('article[aria-labelledby="doc-itu-2012-sign-on-letter"] tr[data-lang="th"]');
    const rows = db.get<{ approved: number; needs_work: number }>(sql`
      SELECT sum(t.state = 30) AS approved, sum(t.state = 10) AS needs_work FROM translations t JOIN segments s ON s.id = t.segment_id
      JOIN documents d ON d.id = s.document_id WHERE d.slug = 'sign-on-letter' AND t.lang = 'th'`)!;
    const open = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM comments WHERE lang = 'th' AND parent_id IS NULL AND resolved_at IS NULL`)!.n;
    expect(rows).toEqual({ approved: 2, needs_work: 1 });
    expect(open).toBe(1);
    // The segments column says "Untranslated 45 · Needs work 1 · Translated 0 · Approved 2".
    const segments = (await thai.locator('td').first().locator('.progress-text').textContent())!;
    const shown = Object.fromEntries(segments.split(' · ').map((part) => [part.replace(/ [\d,]+$/, ''), Number(part.replace(/^\D+/, '').replace(/,/g, ''))]));
    expect(shown).toMatchObject({ Approved: rows.approved, 'Needs work': rows.needs_work });
    expect(await thai.locator('td.open-comments').textContent()).toBe(String(open));
    const feed = coordinator.locator('.activity-feed details[data-lang="th"]');
    const lines = await feed.locator('li').allTextContents();
    expect(lines.some((l) => l.startsWith('Niran approved'))).toBe(true);
    expect(lines.some((l) => l.startsWith('Niran sent back for work'))).toBe(true);
    expect(lines.some((l) => l.startsWith('Niran accepted the suggestion'))).toBe(true);
    await screenshot(coordinator, 'dashboard-after-review');
  });
});
