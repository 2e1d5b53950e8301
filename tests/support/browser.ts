import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createUser, type Role } from '~/services/auth.server';
import { openDatabase } from '../../db/connection';

/** Debian's Chromium, never a downloaded one; without the background-network flags it dials out at start. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}

export const screenshotDir = path.resolve('tests', '.output', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Creates an account in the server's database file (as `workbench create-user` would). */
export async function addUser(databasePath: string, email: string, password = 'a long passphrase', name?: string, role: Role = 'translator') {
  const db = openDatabase(databasePath);
  try {
    return await createUser({ email, name, password, role }, db);
  } finally {
    db.$client.close();
  }
}

export async function signIn(page: Page, baseUrl: string, email: string, password = 'a long passphrase') {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.getByRole('button', { name: 'Sign in' }).click()]);
}
