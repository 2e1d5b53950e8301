import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '~/domain/errors';
import { createUser } from '~/services/auth.server';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { restoreRevision, saveTranslation, segmentHistory } from '~/services/translations.server';
import { dumpTables, freshDb } from '../support/db';

let db: Db;
let userId: number;
let otherId: number;
const place = { project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', viewer: null };

function firstTranslatable(lang = 'ur') {
  return loadEditor({ ...place, lang, viewer: null }, db).segments.find((s) => s.translatable && s.codes.length === 0)!;
}

function refusal(work: () => unknown) {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const revisionCount = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM revisions`)!.n;

beforeEach(async () => {
  db = freshDb();
  userId = (await createUser({ email: 'nadia@example.org', name: 'Nadia', password: 'a long passphrase', role: 'translator' }, db)).id;
  // Omar reviews: he may overwrite Nadia's text (a second translator would have to suggest instead).
  otherId = (await createUser({ email: 'omar@example.org', name: 'Omar', password: 'another passphrase', role: 'reviewer' }, db)).id;
});

describe('saving translations (every save is a revision)', () => {
  it('a save makes a revision and raises the version', () => {
    const segment = firstTranslatable();
    const result = saveTranslation({ ...place, segment: segment.key, userId, text: 'پہلا ترجمہ', baseVersion: 0, needsWork: false }, db);
    expect(result).toMatchObject({ version: 1, state: 'translated', changed: true });
    const { history } = segmentHistory({ ...place, segment: segment.key }, db);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, text: 'پہلا ترجمہ', author: 'Nadia', origin: 'editor', state: 'translated' });
    expect(loadEditor(place, db).segments.find((s) => s.key === segment.key)!.target).toMatchObject({ text: 'پہلا ترجمہ', version: 1 });
  });

  it('saving unchanged text makes no new revision, even from an old version (a form sent twice)', () => {
    const segment = firstTranslatable();
    saveTranslation({ ...place, segment: segment.key, userId, text: 'متن', baseVersion: 0, needsWork: false }, db);
    const again = saveTranslation({ ...place, segment: segment.key, userId, text: 'متن', baseVersion: 0, needsWork: false }, db);
    expect(again).toMatchObject({ version: 1, changed: false });
    expect(revisionCount()).toBe(1);
  });

  it('flagging a translation as needing work is a change of its own', () => {
    const segment = firstTranslatable();
    saveTranslation({ ...place, segment: segment.key, userId, text: 'متن', baseVersion: 0, needsWork: false }, db);
    const flagged = saveTranslation({ ...place, segment: segment.key, userId, text: 'متن', baseVersion: 1, needsWork: true }, db);
    expect(flagged).toMatchObject({ version: 2, state: 'needs-work', changed: true });
  });

  it('a stale save gets a conflict carrying both texts, and the stored text stays', () => {
    const segment = firstTranslatable();
    saveTranslation({ ...place, segment: segment.key, userId, text: 'Nadia’s text', baseVersion: 0, needsWork: false }, db);
    const conflict = refusal(() => saveTranslation({ ...place, segment: segment.key, userId: otherId, text: 'Omar’s text', baseVersion: 0, needsWork: false }, db));
    expect(conflict.status).toBe(409);
    expect(conflict.code).toBe('version_conflict');
    expect(conflict.details).toMatchObject({
      current: { version: 1, text: 'Nadia’s text', updatedBy: 'Nadia' },
      yours: { text: 'Omar’s text', baseVersion: 0 },
    });
    expect(loadEditor(place, db).segments.find((s) => s.key === segment.key)!.target!.text).toBe('Nadia’s text');
    expect(revisionCount()).toBe(1);
    // Saving again from the version the conflict reported goes through: the merge is deliberate.
    expect(saveTranslation({ ...place, segment: segment.key, userId: otherId, text: 'merged', baseVersion: 1, needsWork: false }, db).version).toBe(2);
  });

  it('a restore makes a new revision with the old text', () => {
    const segment = firstTranslatable();
    saveTranslation({ ...place, segment: segment.key, userId, text: 'first', baseVersion: 0, needsWork: false }, db);
    saveTranslation({ ...place, segment: segment.key, userId: otherId, text: 'second', baseVersion: 1, needsWork: false }, db);
    const { history } = segmentHistory({ ...place, segment: segment.key }, db);
    const first = history.find((h) => h.version === 1)!;
    const restored = restoreRevision({ ...place, segment: segment.key, userId: otherId, revisionId: first.id, baseVersion: 2 }, db);
    expect(restored).toMatchObject({ version: 3, text: 'first', changed: true });
    const after = segmentHistory({ ...place, segment: segment.key }, db).history;
    expect(after.map((h) => [h.version, h.text, h.origin])).toEqual([[3, 'first', 'revert'], [2, 'second', 'editor'], [1, 'first', 'editor']]);
    expect(after[0].restoredFromId).toBe(first.id);
  });

  it('a refused input changes no row', () => {
    const segment = firstTranslatable();
    saveTranslation({ ...place, segment: segment.key, userId, text: 'kept', baseVersion: 0, needsWork: false }, db);
    const before = dumpTables(db);
    const coded = loadEditor(place, db).segments.find((s) => s.codes.length > 0 && s.translatable)!;
    const refused = [
      refusal(() => saveTranslation({ ...place, segment: segment.key, userId, text: 'a\u0000b', baseVersion: 1, needsWork: false }, db)),
      refusal(() => saveTranslation({ ...place, segment: segment.key, userId, text: '\u202Eدستخط', baseVersion: 1, needsWork: false }, db)),
      refusal(() => saveTranslation({ ...place, segment: segment.key, userId, text: 'x'.repeat(5000), baseVersion: 1, needsWork: false }, db)),
      refusal(() => saveTranslation({ ...place, segment: coded.key, userId, text: 'no codes here', baseVersion: 0, needsWork: false }, db)),
      refusal(() => saveTranslation({ ...place, segment: 'aaaaaaaaaa', userId, text: 'x', baseVersion: 0, needsWork: false }, db)),
      refusal(() => saveTranslation({ ...place, lang: 'de', segment: segment.key, userId, text: 'x', baseVersion: 0, needsWork: false }, db)),
    ];
    expect(refused.map((e) => [e.status, e.code])).toEqual([
      [422, 'control_character'], [422, 'unbalanced_bidi_control'], [422, 'segment_too_long'], [422, 'placeholder_mismatch'],
      [404, 'not_found'], [404, 'not_found'],
    ]);
    expect(dumpTables(db)).toBe(before);
  });

  it('signatories are not offered for translation', () => {
    const signatory = loadEditor(place, db).segments.find((s) => s.kind === 'signatory')!;
    expect(refusal(() => saveTranslation({ ...place, segment: signatory.key, userId, text: 'x', baseVersion: 0, needsWork: false }, db)).status).toBe(403);
  });

  it('stores text NFC with LF line ends', () => {
    const segment = firstTranslatable('fr');
    const result = saveTranslation({ ...place, lang: 'fr', segment: segment.key, userId, text: 'e\u0301te\u0301\r\nici', baseVersion: 0, needsWork: false }, db);
    expect(result.text).toBe('été\nici');
  });

  it('revisions can be neither changed nor deleted', () => {
    const segment = firstTranslatable();
    saveTranslation({ ...place, segment: segment.key, userId, text: 'kept forever', baseVersion: 0, needsWork: false }, db);
    // drizzle wraps SQLite's error; the trigger's message is its cause.
    const failure = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        return String((error as { cause?: Error }).cause?.message ?? (error as Error).message);
      }
      return 'no error';
    };
    expect(failure(() => db.run(sql`UPDATE revisions SET text = 'changed'`))).toMatch(/append-only/);
    expect(failure(() => db.run(sql`DELETE FROM revisions`))).toMatch(/append-only/);
    expect(failure(() => db.run(sql`UPDATE source_versions SET content = ''`))).toMatch(/immutable/);
    expect(segmentHistory({ ...place, segment: segment.key }, db).history[0].text).toBe('kept forever');
  });

  it("a translator does not overwrite another translator's finished text: they suggest instead", async () => {
    const third = (await createUser({ email: 'tara@example.org', name: 'Tara', password: 'a long passphrase', role: 'translator' }, db)).id;
    const segment = firstTranslatable();
    saveTranslation({ ...place, segment: segment.key, userId, text: 'Nadia', baseVersion: 0, needsWork: false }, db);
    const refused = refusal(() => saveTranslation({ ...place, segment: segment.key, userId: third, text: 'Tara', baseVersion: 1, needsWork: false }, db));
    expect([refused.status, refused.code, refused.details.reason]).toEqual([403, 'suggest_instead', 'not_yours']);
    // Her own text she may change, and a text flagged as needing work anyone of the language may fix.
    expect(saveTranslation({ ...place, segment: segment.key, userId, text: 'Nadia again', baseVersion: 1, needsWork: true }, db).version).toBe(2);
    expect(saveTranslation({ ...place, segment: segment.key, userId: third, text: 'Tara fixed it', baseVersion: 2, needsWork: false }, db).version).toBe(3);
  });

  it('when the project says translators only suggest, they do', () => {
    db.run(sql`UPDATE projects SET translators_may_save = 0`);
    const refused = refusal(() => saveTranslation({ ...place, segment: firstTranslatable().key, userId, text: 'x', baseVersion: 0, needsWork: false }, db));
    expect([refused.code, refused.details.reason]).toEqual(['suggest_instead', 'suggest_only']);
    expect(saveTranslation({ ...place, segment: firstTranslatable().key, userId: otherId, text: 'reviewer', baseVersion: 0, needsWork: false }, db).version).toBe(1);
  });
});

