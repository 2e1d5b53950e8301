import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '~/domain/errors';
import { createUser } from '~/services/auth.server';
import { addComment, commentThreads, openThreadCounts, resolveThread } from '~/services/comments.server';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { acceptSuggestion, approveSegments, approveTranslation, rejectTranslation } from '~/services/review.server';
import { resolveSegment } from '~/services/segments.server';
import { addSuggestion, openSuggestions, toggleVote, withdrawSuggestion } from '~/services/suggestions.server';
import { saveTranslation, segmentHistory } from '~/services/translations.server';
import { freshDb } from '../support/db';

let db: Db;
const th = { project: 'itu-2012', document: 'sign-on-letter', lang: 'th' };
const ids: Record<string, number> = {};
let keys: string[];

async function member(name: string, roles: { role: 'coordinator' | 'reviewer' | 'translator'; lang: string | null }[]) {
  const user = await createUser({ email: `${name}@example.org`, name, password: 'a long passphrase', role: 'translator' }, db);
  // Replace the global role createUser gives with the project roles this test needs.
  db.run(sql`DELETE FROM memberships WHERE user_id = ${user.id}`);
  for (const r of roles) db.run(sql`INSERT INTO memberships (user_id, project_id, role, lang) VALUES (${user.id}, 1, ${r.role}, ${r.lang})`);
  ids[name] = user.id;
}

function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const approvals = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM revisions WHERE origin = 'review' AND state = 30`)!.n;

beforeEach(async () => {
  db = freshDb();
  await member('tr_th', [{ role: 'translator', lang: 'th' }]);
  await member('tr2_th', [{ role: 'translator', lang: 'th' }]);
  await member('rv_th', [{ role: 'reviewer', lang: 'th' }]);
  await member('rv2_th', [{ role: 'reviewer', lang: 'th' }]);
  await member('rv_fr', [{ role: 'reviewer', lang: 'fr' }]);
  await member('mixed', [{ role: 'reviewer', lang: 'fr' }, { role: 'translator', lang: null }]);
  keys = loadEditor({ ...th, viewer: null }, db).segments.filter((s) => s.translatable && s.codes.length === 0).map((s) => s.key);
  saveTranslation({ ...th, segment: keys[0], userId: ids.tr_th, text: 'ประโยคแรก', baseVersion: 0, needsWork: false }, db);
});

describe('review: approve and reject', () => {
  it('a reviewer of the language approves the version they saw', () => {
    const result = approveTranslation({ ...th, segment: keys[0], userId: ids.rv_th, version: 1 }, db);
    expect(result).toMatchObject({ state: 'approved', version: 2, text: 'ประโยคแรก' });
    const [latest] = segmentHistory({ ...th, segment: keys[0], viewer: null }, db).history;
    expect(latest).toMatchObject({ origin: 'review', state: 'approved', author: 'rv_th' });
  });

  it('translators cannot approve; a reviewer of another language cannot; two roles do not add up (AZ-02, AZ-03, AZ-07)', () => {
    for (const who of ['tr_th', 'rv_fr', 'mixed']) {
      const error = refusal(() => approveTranslation({ ...th, segment: keys[0], userId: ids[who], version: 1 }, db));
      expect({ who, status: error.status, code: error.code }).toEqual({ who, status: 403, code: 'forbidden' });
    }
    expect(approvals()).toBe(0);
  });

  it('nobody approves their own translation (AZ-08)', () => {
    saveTranslation({ ...th, segment: keys[1], userId: ids.rv_th, text: 'ของผู้ตรวจ', baseVersion: 0, needsWork: false }, db);
    const error = refusal(() => approveTranslation({ ...th, segment: keys[1], userId: ids.rv_th, version: 1 }, db));
    expect([error.status, error.code]).toEqual([403, 'self_approval_forbidden']);
    expect(approveTranslation({ ...th, segment: keys[1], userId: ids.rv2_th, version: 1 }, db).state).toBe('approved');
  });

  it('approving a version that is no longer the current one answers 409 and writes nothing (CC-02)', () => {
    saveTranslation({ ...th, segment: keys[0], userId: ids.tr_th, text: 'ประโยคแรก แก้แล้ว', baseVersion: 1, needsWork: false }, db);
    const error = refusal(() => approveTranslation({ ...th, segment: keys[0], userId: ids.rv_th, version: 1 }, db));
    expect([error.status, error.code, (error.details.current as { version: number }).version]).toEqual([409, 'version_conflict', 2]);
    expect(approvals()).toBe(0);
  });

  it('two reviewers approving the same version: one approval, the other gets 409', () => {
    const first = approveTranslation({ ...th, segment: keys[0], userId: ids.rv_th, version: 1 }, db);
    const second = refusal(() => approveTranslation({ ...th, segment: keys[0], userId: ids.rv2_th, version: 1 }, db));
    expect(first.version).toBe(2);
    expect(second.status).toBe(409);
    expect(approvals()).toBe(1);
  });

  it('a rejection needs a comment, sends the translation back, and opens a thread the translator sees', () => {
    expect(refusal(() => rejectTranslation({ ...th, segment: keys[0], userId: ids.rv_th, version: 1, comment: '  ' }, db)).code).toBe('comment_required');
    const rejected = rejectTranslation({ ...th, segment: keys[0], userId: ids.rv_th, version: 1, comment: 'ใช้คำว่า "สนธิสัญญา"' }, db);
    expect(rejected).toMatchObject({ state: 'needs-work', version: 2 });
    const segment = resolveSegment(db, th.project, th.document, th.lang, keys[0], null);
    expect(commentThreads(segment, ids.tr_th, db)).toMatchObject([{ author: 'rv_th', body: 'ใช้คำว่า "สนธิสัญญา"', resolved: false }]);
    expect(segmentHistory({ ...th, segment: keys[0], viewer: null }, db).history[0]).toMatchObject({ origin: 'review', comment: 'ใช้คำว่า "สนธิสัญญา"' });
  });

  it('bulk approval approves each item on its own and reports the refused ones', () => {
    saveTranslation({ ...th, segment: keys[1], userId: ids.tr_th, text: 'สอง', baseVersion: 0, needsWork: false }, db);
    const result = approveSegments({ ...th, userId: ids.rv_th, items: [{ segment: keys[0], version: 1 }, { segment: keys[1], version: 1 }, { segment: keys[2], version: 0 }] }, db);
    expect(result.approved.map((r) => r.segment)).toEqual([keys[0], keys[1]]);
    expect(result.refused.map((r) => [r.segment, r.error.code])).toEqual([[keys[2], 'nothing_to_approve']]);
  });
});

describe('suggestions and votes', () => {
  it('a second translator suggests; members vote once each; a reviewer accepts it as a revision of its author', () => {
    const { id } = addSuggestion({ ...th, segment: keys[0], userId: ids.tr2_th, text: 'ประโยคที่ดีกว่า' }, db);
    expect(toggleVote({ ...th, segment: keys[0], userId: ids.tr_th, suggestionId: id }, db)).toEqual({ voted: true });
    expect(toggleVote({ ...th, segment: keys[0], userId: ids.rv_th, suggestionId: id }, db)).toEqual({ voted: true });
    expect(toggleVote({ ...th, segment: keys[0], userId: ids.tr_th, suggestionId: id }, db)).toEqual({ voted: false });
    const segment = resolveSegment(db, th.project, th.document, th.lang, keys[0], null);
    expect(openSuggestions(segment.segmentId, 'th', ids.rv_th, db)).toMatchObject([{ id, author: 'tr2_th', votes: 1, votedByViewer: true }]);
    // A reviewer of French may not vote on Thai.
    expect(refusal(() => toggleVote({ ...th, segment: keys[0], userId: ids.rv_fr, suggestionId: id }, db)).status).toBe(403);
    // Accepting names the translation version the reviewer saw.
    expect(refusal(() => acceptSuggestion({ ...th, segment: keys[0], userId: ids.rv_th, suggestionId: id, version: 0 }, db)).status).toBe(409);
    const accepted = acceptSuggestion({ ...th, segment: keys[0], userId: ids.rv_th, suggestionId: id, version: 1 }, db);
    expect(accepted).toMatchObject({ text: 'ประโยคที่ดีกว่า', state: 'translated', version: 2 });
    expect(segmentHistory({ ...th, segment: keys[0], viewer: null }, db).history[0]).toMatchObject({ origin: 'suggestion', author: 'tr2_th' });
    expect(openSuggestions(segment.segmentId, 'th', null, db)).toEqual([]);
    // The accepted text is its author's: the reviewer who accepted it may now approve it.
    expect(approveTranslation({ ...th, segment: keys[0], userId: ids.rv_th, version: 2 }, db).state).toBe('approved');
  });

  it('translators cannot accept suggestions; only the author withdraws one', () => {
    const { id } = addSuggestion({ ...th, segment: keys[0], userId: ids.tr2_th, text: 'อีกแบบ' }, db);
    expect(refusal(() => acceptSuggestion({ ...th, segment: keys[0], userId: ids.tr_th, suggestionId: id, version: 1 }, db)).status).toBe(403);
    expect(refusal(() => withdrawSuggestion({ ...th, segment: keys[0], userId: ids.tr_th, suggestionId: id }, db)).status).toBe(403);
    withdrawSuggestion({ ...th, segment: keys[0], userId: ids.tr2_th, suggestionId: id }, db);
    expect(openSuggestions(resolveSegment(db, th.project, th.document, th.lang, keys[0], null).segmentId, 'th', null, db)).toEqual([]);
  });

  it('a suggestion obeys the input rules and the codes of the source', () => {
    expect(refusal(() => addSuggestion({ ...th, segment: keys[0], userId: ids.tr2_th, text: 'a\u0000b' }, db)).code).toBe('control_character');
  });
});

describe('comments', () => {
  it('threads with replies; resolved by their author or a reviewer; counted while open', () => {
    const { id } = addComment({ ...th, segment: keys[0], userId: ids.tr_th, body: 'Is “treaty” สนธิสัญญา here?', parentId: null }, db);
    addComment({ ...th, segment: keys[0], userId: ids.rv_th, body: 'Yes.', parentId: id }, db);
    const version = db.get<{ v: number }>(sql`SELECT current_version_id AS v FROM documents WHERE slug = 'sign-on-letter'`)!.v;
    expect(openThreadCounts(version, 'th', db).get(keys[0])).toBe(1);
    expect(refusal(() => resolveThread({ ...th, segment: keys[0], userId: ids.tr2_th, commentId: id }, db)).status).toBe(403);
    resolveThread({ ...th, segment: keys[0], userId: ids.rv_th, commentId: id }, db);
    expect(openThreadCounts(version, 'th', db).get(keys[0])).toBeUndefined();
    const [thread] = commentThreads(resolveSegment(db, th.project, th.document, th.lang, keys[0], null), ids.tr_th, db);
    expect(thread).toMatchObject({ resolved: true, resolvedBy: 'rv_th', replies: [{ author: 'rv_th', body: 'Yes.' }] });
    expect(refusal(() => addComment({ ...th, segment: keys[0], userId: ids.rv_fr, body: 'hi', parentId: null }, db)).status).toBe(403);
  });
});
