import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { suggestions, users, votes } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { getDb, inWriteTransaction, type Db } from './database.server';
import { authorize, type Actor } from './permissions.server';
import { resolveSegment } from './segments.server';
import { checkedText, currentTranslation, type SegmentAddress } from './translations.server';

/**
 * Suggestions: proposed wordings that are not the translation, each with its author and the votes of the
 * language's members (one each, withdrawable). A reviewer accepts one (review.server).
 */

export interface SuggestionView {
  id: number;
  text: string;
  author: string;
  authorId: number;
  createdAt: number;
  votes: number;
  votedByViewer: boolean;
}

export function addSuggestion(input: SegmentAddress & { userId: number; text: string }, db: Db = getDb()) {
  const segment = resolveSegment(db, input.project, input.document, input.lang, input.segment, input.userId);
  authorize(input.userId, 'suggest', segment.project, segment.lang, db);
  const checked = checkedText(segment, input.text);
  if (checked.text.trim() === '') throw new AppError('bad_request', 400, 'a suggestion needs a text', { field: 'text' });
  return inWriteTransaction(db, (tx) => {
    const current = currentTranslation(tx, segment.segmentId, segment.lang);
    if (current && current.text === checked.text) {
      throw new AppError('bad_request', 400, 'this is already the translation', { field: 'text' });
    }
    const mine = tx.select({ id: suggestions.id }).from(suggestions).where(and(
      eq(suggestions.segmentId, segment.segmentId), eq(suggestions.lang, segment.lang), eq(suggestions.authorId, input.userId),
      eq(suggestions.status, 'open'), eq(suggestions.text, checked.text),
    )).get();
    if (mine) return { id: mine.id, created: false, warnings: checked.warnings };
    const [row] = tx.insert(suggestions).values({
      segmentId: segment.segmentId, lang: segment.lang, text: checked.text, authorId: input.userId, baseVersion: current?.version ?? 0,
    }).returning({ id: suggestions.id }).all();
    return { id: row.id, created: true, warnings: checked.warnings };
  });
}

/** Open suggestions of a segment in a language, most voted first, with whether the viewer voted. */
export function openSuggestions(segmentId: number, lang: string, viewer: Actor, db: Db = getDb()): SuggestionView[] {
  const rows = db.select({ id: suggestions.id, text: suggestions.text, author: users.name, authorId: suggestions.authorId, createdAt: suggestions.createdAt })
    .from(suggestions).innerJoin(users, eq(users.id, suggestions.authorId))
    .where(and(eq(suggestions.segmentId, segmentId), eq(suggestions.lang, lang), eq(suggestions.status, 'open')))
    .orderBy(asc(suggestions.createdAt)).all();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const tallies = db.select({ id: votes.suggestionId, n: count() }).from(votes).where(inArray(votes.suggestionId, ids)).groupBy(votes.suggestionId).all();
  const mine = viewer === null ? [] : db.select({ id: votes.suggestionId }).from(votes).where(and(inArray(votes.suggestionId, ids), eq(votes.userId, viewer))).all();
  const tally = new Map(tallies.map((t) => [t.id, t.n]));
  const voted = new Set(mine.map((m) => m.id));
  return rows
    .map((r) => ({ ...r, votes: tally.get(r.id) ?? 0, votedByViewer: voted.has(r.id) }))
    .sort((a, b) => b.votes - a.votes || a.createdAt - b.createdAt);
}

function openSuggestionOf(db: Db, input: SegmentAddress & { userId: number; suggestionId: number }) {
  const segment = resolveSegment(db, input.project, input.document, input.lang, input.segment, input.userId);
  const suggestion = db.select().from(suggestions)
    .where(and(eq(suggestions.id, input.suggestionId), eq(suggestions.segmentId, segment.segmentId), eq(suggestions.lang, segment.lang))).get();
  if (!suggestion || suggestion.status !== 'open') throw new AppError('not_found', 404, 'no such open suggestion', { suggestion: input.suggestionId });
  return { segment, suggestion };
}

/** One vote per member of the language; voting again withdraws it. */
export function toggleVote(input: SegmentAddress & { userId: number; suggestionId: number }, db: Db = getDb()): { voted: boolean } {
  const { segment, suggestion } = openSuggestionOf(db, input);
  authorize(input.userId, 'vote', segment.project, segment.lang, db);
  return inWriteTransaction(db, (tx) => {
    const existing = tx.select().from(votes).where(and(eq(votes.suggestionId, suggestion.id), eq(votes.userId, input.userId))).get();
    if (existing) {
      tx.delete(votes).where(and(eq(votes.suggestionId, suggestion.id), eq(votes.userId, input.userId))).run();
      return { voted: false };
    }
    tx.insert(votes).values({ suggestionId: suggestion.id, userId: input.userId }).run();
    return { voted: true };
  });
}

/** Its author takes a suggestion back (it stays on record as withdrawn). */
export function withdrawSuggestion(input: SegmentAddress & { userId: number; suggestionId: number }, db: Db = getDb()) {
  const { suggestion } = openSuggestionOf(db, input);
  if (suggestion.authorId !== input.userId) throw new AppError('forbidden', 403, 'only its author may withdraw a suggestion', { need: 'author' });
  inWriteTransaction(db, (tx) => tx.update(suggestions).set({ status: 'withdrawn', decidedAt: Date.now() }).where(eq(suggestions.id, suggestion.id)).run());
}
