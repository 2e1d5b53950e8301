import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, launchChromium, screenshot, signIn } from '../support/browser';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  await addUser(server.databasePath, 'fonts@example.org');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// Bare Debian Chromium has no glyphs for these scripts: without our self-hosted fonts they are boxes.
const SCRIPTS = [
  { lang: 'th', family: 'Noto Sans Thai', sample: 'เราคัดค้านการขยายสนธิสัญญา', dir: 'ltr' },
  { lang: 'bn', family: 'Noto Sans Bengali', sample: 'আমরা চুক্তির সম্প্রসারণের বিরোধিতা করি', dir: 'ltr' },
  { lang: 'ur', family: 'Noto Nastaliq Urdu', sample: 'ہم معاہدے کی توسیع کی مخالفت کرتے ہیں۔', dir: 'rtl' },
  { lang: 'zh-Hans', family: 'Noto Sans SC', sample: '我们反对将国际电联条约扩大到互联网。', dir: 'ltr' },
];

describe('every script is drawn with a real font', () => {
  for (const script of SCRIPTS) {
    it(`${script.lang}: the ${script.family} face is loaded for the text typed in the editor`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await signIn(page, server.url, 'fonts@example.org');
      await page.goto(`${server.url}/projects/itu-2012/sign-on-letter/${script.lang}`);
      const box = page.locator('li.segment[data-attention="true"] textarea').first();
      expect(await box.getAttribute('dir')).toBe(script.dir);
      expect(await box.getAttribute('lang')).toBe(script.lang);
      await box.fill(script.sample);
      await page.evaluate(() => document.fonts.ready);
      await expect.poll(() => page.evaluate(({ family, sample }) => {
        const faces = [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === family);
        return faces.some((f) => f.status === 'loaded') && document.fonts.check(`16px "${family}"`, sample);
      }, script)).toBe(true);
      await screenshot(page, `editor-${script.lang}`);
      await page.close();
    });
  }
});
