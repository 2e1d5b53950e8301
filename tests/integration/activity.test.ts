import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { activityPage, projectActivity } from '~/services/activity.server';
import { createUser } from '~/services/auth.server';
import { addComment, resolveThread } from '~/services/comments.server';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { loadDashboard } from '~/services/progress.server';
import { acceptSuggestion, approveTranslation, rejectTranslation } from '~/services/review.server';
import { addSuggestion } from '~/services/suggestions.server';
import { saveTranslation } from '~/services/translations.server';
import { freshDb } from '../support/db';

let db: Db;
const th = { project: 'itu-2012', document: 'sign-on-letter', lang: 'th' };
const ids: Record<string, number> = {};
let keys: string[];

async function member(name: string, role: 'reviewer' | 'translator', lang: string) {
  const user = await createUser({ email: `${name}@example.org`, name, password: 'a long passphrase', role: 'translator' }, db);
  db.run(sql`DELETE FROM memberships WHERE user_id = ${user.id}`);
  db.run(sql`INSERT INTO memberships (user_id, project_id, role, lang) VALUES (${user.id}, 1, ${role}, ${lang})`);
  ids[name] = user.id;
}

beforeEach(async () => {
  db = freshDb();
  await member('Somchai', 'translator', 'th');
  await member('Malee', 'translator', 'th');
  await member('Niran', 'reviewer', 'th');
  await member('Aisha', 'translator', 'ur');
  keys = loadEditor({ ...th, viewer: null }, db).segments.filter((s) => s.translatable && s.codes.length === 0).map((s) => s.key);
});

/** People act at different moments; the feed orders by the millisecond, so make each act its own millisecond. */
function later() {
  const start = Date.now();
  while (Date.now() < start + 2) { /* wait */ }
}

/** The same scenario as the browser test, at the service layer: each act should appear once, with its author. */
function scenario() {
  saveTranslation({ ...th, segment: keys[0], userId: ids.Somchai, text: 'ประโยคแรก', baseVersion: 0, needsWork: false }, db);
  later();
  saveTranslation({ ...th, segment: keys[1], userId: ids.Somchai, text: 'ประโยคที่สอง', baseVersion: 0, needsWork: false }, db);
  later();
  const suggestion = addSuggestion({ ...th, segment: keys[0], userId: ids.Malee, text: 'ประโยคแรกที่ดีกว่า' }, db);
  later();
  rejectTranslation({ ...th, segment: keys[1], userId: ids.Niran, version: 1, comment: 'ใช้คำว่า "อินเทอร์เน็ต"' }, db);
  later();
  acceptSuggestion({ ...th, segment: keys[0], userId: ids.Niran, suggestionId: suggestion.id, version: 1 }, db);
  later();
  approveTranslation({ ...th, segment: keys[0], userId: ids.Niran, version: 2 }, db);
  later();
  const question = addComment({ ...th, segment: keys[2], userId: ids.Malee, body: 'Which term for "ITU"?', parentId: null }, db);
  later();
  addComment({ ...th, segment: keys[2], userId: ids.Niran, body: 'สหภาพโทรคมนาคมระหว่างประเทศ', parentId: question.id }, db);
  later();
  resolveThread({ ...th, segment: keys[2], userId: ids.Malee, commentId: question.id }, db);
  later();
  saveTranslation({ project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', segment: keys[0], userId: ids.Aisha, text: 'پہلا جملہ', baseVersion: 0, needsWork: false }, db);
  later();
}

describe('the activity feed', () => {
  it('tells who did what in each language, newest first, once each', () => {
    scenario();
    const feed = projectActivity(1, { perLanguage: 20 }, db);
    const thai = feed.filter((e) => e.lang === 'th').map((e) => [e.who, e.kind, e.text]);
    expect(thai).toEqual([
      ['Malee', 'resolved', 'Which term for "ITU"?'],
      ['Niran', 'commented', 'สหภาพโทรคมนาคมระหว่างประเทศ'],
      ['Malee', 'commented', 'Which term for "ITU"?'],
      ['Niran', 'approved', 'ประโยคแรกที่ดีกว่า'],
      ['Niran', 'accepted', 'ประโยคแรกที่ดีกว่า'],
      // The rejection's reason is told with the rejection, not again as a separate comment.
      ['Niran', 'rejected', 'ใช้คำว่า "อินเทอร์เน็ต"'],
      ['Malee', 'suggested', 'ประโยคแรกที่ดีกว่า'],
      ['Somchai', 'saved', 'ประโยคที่สอง'],
      ['Somchai', 'saved', 'ประโยคแรก'],
    ]);
    expect(feed.filter((e) => e.lang === 'ur').map((e) => [e.who, e.kind])).toEqual([['Aisha', 'saved']]);
    expect(feed.every((e) => e.document.slug === 'sign-on-letter')).toBe(true);
  });

  it('keeps the newest few per language on the dashboard, and pages older ones on the activity page', () => {
    scenario();
    const recent = projectActivity(1, { perLanguage: 3 }, db);
    expect(recent.filter((e) => e.lang === 'th')).toHaveLength(3);
    expect(recent.filter((e) => e.lang === 'ur')).toHaveLength(1);
    const page = activityPage({ project: 'itu-2012', lang: 'th', before: null, viewer: ids.Somchai }, db);
    expect(page.events).toHaveLength(9);
    expect(page.older).toBeNull();
    const older = activityPage({ project: 'itu-2012', lang: 'th', before: page.events[4].at, viewer: ids.Somchai }, db);
    expect(older.events.every((e) => e.at < page.events[4].at)).toBe(true);
  });

  it('is not shown to someone with no role in the project (the same 404 as a missing project)', async () => {
    const stranger = await createUser({ email: 'stranger@example.org', password: 'a long passphrase', role: 'translator' }, db);
    db.run(sql`DELETE FROM memberships WHERE user_id = ${stranger.id}`);
    expect(() => activityPage({ project: 'itu-2012', lang: null, before: null, viewer: stranger.id }, db)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => activityPage({ project: 'nope', lang: null, before: null, viewer: stranger.id }, db)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('counts open comments per document and language on the dashboard, resolved ones not', () => {
    scenario();
    addComment({ ...th, segment: keys[3], userId: ids.Malee, body: 'Check this name', parentId: null }, db);
    const letter = loadDashboard(db)[0].documents.find((d) => d.slug === 'sign-on-letter')!;
    const byLang = Object.fromEntries(letter.languages.map((l) => [l.lang.tag, l.openComments]));
    // Thai: the rejection's comment (open) and the new one; the resolved question is not counted.
    expect(byLang.th).toBe(2);
    expect(byLang.ur).toBe(0);
    const thai = letter.languages.find((l) => l.lang.tag === 'th')!;
    expect(thai.segments).toMatchObject({ approved: 1, 'needs-work': 1 });
  });
});
