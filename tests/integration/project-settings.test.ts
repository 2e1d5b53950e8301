import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { AppError } from '~/domain/errors';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { loadProjectSettings, updateReviewPolicy } from '~/services/project-settings.server';
import { approveTranslation } from '~/services/review.server';
import { saveTranslation } from '~/services/translations.server';
import { Client } from '../support/client';
import { freshDb } from '../support/db';
import { addMember } from '../support/members';
import { startServer, type RunningServer } from '../support/server';

const th = { project: 'itu-2012', document: 'sign-on-letter', lang: 'th' };

function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the review policy of a project', () => {
  let db: Db;
  const ids: Record<string, number> = {};
  let keys: string[];

  beforeEach(async () => {
    db = freshDb();
    ids.coord = (await addMember(db, 'coord', [{ role: 'coordinator', lang: null }])).id;
    ids.tr_th = (await addMember(db, 'tr_th', [{ role: 'translator', lang: 'th' }])).id;
    ids.rv_th = (await addMember(db, 'rv_th', [{ role: 'reviewer', lang: 'th' }])).id;
    keys = loadEditor({ ...th, viewer: null }, db).segments.filter((s) => s.translatable && s.codes.length === 0).map((s) => s.key);
  });

  it('starts as: translators save, nobody approves their own text', () => {
    expect(loadProjectSettings({ actor: ids.coord, project: 'itu-2012' }, db).policy).toEqual({ translatorsMaySave: true, noSelfApproval: true, publishFallback: 'refuse', publishMetadata: true });
  });

  it('is the coordinators\' to change: a reviewer or translator is refused and nothing changes', () => {
    for (const who of ['tr_th', 'rv_th']) {
      expect(refusal(() => updateReviewPolicy({ actor: ids[who], project: 'itu-2012', policy: { translatorsMaySave: false, noSelfApproval: false, publishFallback: 'refuse', publishMetadata: true } }, db)).status).toBe(403);
    }
    expect(loadProjectSettings({ actor: ids.coord, project: 'itu-2012' }, db).policy).toEqual({ translatorsMaySave: true, noSelfApproval: true, publishFallback: 'refuse', publishMetadata: true });
  });

  it('"translators only suggest": a translator\'s first save is refused with suggest_instead, a reviewer\'s goes through', () => {
    updateReviewPolicy({ actor: ids.coord, project: 'itu-2012', policy: { translatorsMaySave: false, noSelfApproval: true, publishFallback: 'refuse', publishMetadata: true } }, db);
    const save = (who: string, key: string) => saveTranslation({ ...th, segment: key, userId: ids[who], text: 'ข้อความ', baseVersion: 0, needsWork: false }, db);
    expect(refusal(() => save('tr_th', keys[0])).code).toBe('suggest_instead');
    expect(save('rv_th', keys[1]).version).toBe(1);
    expect(loadEditor({ ...th, viewer: ids.tr_th }, db).may.saveDirectly).toBe(false);
  });

  it('without the self-approval rule, a lone reviewer approves what they wrote', () => {
    saveTranslation({ ...th, segment: keys[0], userId: ids.rv_th, text: 'ข้อความ', baseVersion: 0, needsWork: false }, db);
    expect(refusal(() => approveTranslation({ ...th, segment: keys[0], userId: ids.rv_th, version: 1 }, db)).code).toBe('self_approval_forbidden');
    updateReviewPolicy({ actor: ids.coord, project: 'itu-2012', policy: { translatorsMaySave: true, noSelfApproval: false, publishFallback: 'refuse', publishMetadata: true } }, db);
    expect(approveTranslation({ ...th, segment: keys[0], userId: ids.rv_th, version: 1 }, db).state).toBe('approved');
  });
});

describe('the settings page', () => {
  let server: RunningServer;
  let db: Db;
  beforeAll(async () => {
    server = await startServer();
    db = openDatabase(server.databasePath);
    await addMember(db, 'coord', [{ role: 'coordinator', lang: null }]);
    await addMember(db, 'tr_th', [{ role: 'translator', lang: 'th' }]);
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  it('lets a coordinator untick a box (an unticked box is sent as nothing) and shows it saved', async () => {
    const coord = new Client(server.url);
    await coord.signIn('coord@example.org', 'a long passphrase');
    const page = await (await coord.get('/projects/itu-2012/settings')).text();
    expect(page).toMatch(/<input type="checkbox" id="translatorsMaySave" name="translatorsMaySave"[^>]*checked/);
    const token = await coord.tokenFrom('/projects/itu-2012/settings');
    const response = await coord.post('/projects/itu-2012/settings', { _csrf: token, noSelfApproval: 'on' });
    expect(response.status).toBe(302);
    expect(db.get(sql`SELECT translators_may_save AS save, no_self_approval AS own FROM projects WHERE slug = 'itu-2012'`)).toEqual({ save: 0, own: 1 });
    expect(await (await coord.get(response.headers.get('Location')!)).text()).toContain('Settings saved');
  });

  it('is closed to a translator (403), page and post', async () => {
    const translator = new Client(server.url);
    await translator.signIn('tr_th@example.org', 'a long passphrase');
    expect((await translator.get('/projects/itu-2012/settings')).status).toBe(403);
    const token = await translator.tokenFrom('/');
    expect((await translator.post('/projects/itu-2012/settings', { _csrf: token, translatorsMaySave: 'on', noSelfApproval: '' })).status).toBe(403);
  });
});
