import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { loadEditor } from '~/services/editor.server';
import { findProject } from '~/services/projects.server';
import { applyImport, planImport, prepareSource } from '~/services/sources.server';
import { saveTranslation } from '~/services/translations.server';
import { addUser, launchChromium, screenshot, signIn } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let key: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  const user = await addUser(server.databasePath, 'celine@example.org', 'a long passphrase', 'Céline');
  // Céline translated a sentence; then the coordinator imported a new English version that rewords it.
  const db = openDatabase(server.databasePath);
  try {
    const segment = loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'fr', viewer: null }, db).segments
      .find((s) => s.placeholderText.startsWith('Such expansion could have'))!;
    key = segment.key;
    saveTranslation({ project: 'itu-2012', document: 'sign-on-letter', lang: 'fr', segment: key, userId: user.id,
      text: 'Une telle extension pourrait avoir un impact négatif important sur l’ouverture de l’Internet.', baseVersion: 0, needsWork: false }, db);
    const source = await prepareSource('v2.txt', fs.readFileSync(path.resolve('tests/fixtures/sources/sign-on-letter-v2.txt')));
    applyImport(db, planImport(db, { project: findProject(db, 'itu-2012')!, documentSlug: 'sign-on-letter', source }), null);
  } finally {
    db.$client.close();
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('after the English changed', () => {
  it('the editor shows what changed beside the old translation, flagged as needing work', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url, 'celine@example.org');
    await page.goto(`${server.url}/projects/itu-2012/sign-on-letter/fr?state=needs-work`);
    const row = page.locator(`#seg-${key}`);
    await row.scrollIntoViewIfNeeded();
    expect(await row.getAttribute('class')).toContain('state-needs-work');
    const note = row.locator('.source-changed');
    expect(await note.textContent()).toContain('The English changed since this was translated:');
    expect(await note.locator('del').allTextContents()).toEqual(['significant']);
    expect(await note.locator('ins').allTextContents()).toEqual(['an ', 'severe']);
    expect(await row.locator('textarea').inputValue()).toBe('Une telle extension pourrait avoir un impact négatif important sur l’ouverture de l’Internet.');
    await screenshot(page, 'editor-source-changed');
    await page.close();
  });
});
