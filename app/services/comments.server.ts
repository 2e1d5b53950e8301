import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { comments, segments, sourceSegments, users } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { getDb, inWriteTransaction, type Db } from './database.server';
import { authorize, can, type Actor } from './permissions.server';
import { resolveSegment } from './segments.server';
import type { SegmentAddress } from './translations.server';

/** Comments: one thread per remark, on a segment in a language; replies one level deep; a thread is resolved or open. */

export const MAX_COMMENT_LENGTH = 4000;

export interface CommentView {
  id: number;
  author: string;
  body: string;
  createdAt: number;
}

export interface ThreadView extends CommentView {
  resolved: boolean;
  resolvedBy: string | null;
  replies: CommentView[];
  mayResolve: boolean;
}

export function addComment(input: SegmentAddress & { userId: number; body: string; parentId: number | null }, db: Db = getDb()) {
  const segment = resolveSegment(db, input.project, input.document, input.lang, input.segment, input.userId);
  authorize(input.userId, 'comment', segment.project, segment.lang, db);
  const body = input.body.replace(/\r\n?/g, '\n').normalize('NFC').trim();
  if (body === '') throw new AppError('bad_request', 400, 'a comment needs some text', { field: 'body' });
  if (body.length > MAX_COMMENT_LENGTH) throw new AppError('segment_too_long', 422, 'the comment is too long', { max: MAX_COMMENT_LENGTH, actual: body.length });
  return inWriteTransaction(db, (tx) => {
    let parentId: number | null = null;
    if (input.parentId !== null) {
      const parent = tx.select().from(comments).where(and(eq(comments.id, input.parentId), eq(comments.segmentId, segment.segmentId), eq(comments.lang, segment.lang))).get();
      if (!parent) throw new AppError('not_found', 404, 'no such comment on this segment', { comment: input.parentId });
      parentId = parent.parentId ?? parent.id;
      // A reply reopens a resolved thread: someone has more to say.
      tx.update(comments).set({ resolvedAt: null, resolvedBy: null }).where(eq(comments.id, parentId)).run();
    }
    const [row] = tx.insert(comments).values({ segmentId: segment.segmentId, lang: segment.lang, parentId, authorId: input.userId, body }).returning({ id: comments.id }).all();
    return { id: row.id };
  });
}

/** Resolves a thread: its author, or a reviewer of the language. */
export function resolveThread(input: SegmentAddress & { userId: number; commentId: number }, db: Db = getDb()) {
  const segment = resolveSegment(db, input.project, input.document, input.lang, input.segment, input.userId);
  const thread = db.select().from(comments).where(and(eq(comments.id, input.commentId), eq(comments.segmentId, segment.segmentId), eq(comments.lang, segment.lang), isNull(comments.parentId))).get();
  if (!thread) throw new AppError('not_found', 404, 'no such thread on this segment', { comment: input.commentId });
  if (thread.authorId !== input.userId) authorize(input.userId, 'review', segment.project, segment.lang, db);
  inWriteTransaction(db, (tx) => tx.update(comments).set({ resolvedAt: Date.now(), resolvedBy: input.userId }).where(eq(comments.id, thread.id)).run());
}

export function commentThreads(segment: { segmentId: number; lang: string; project: { id: number } }, viewer: Actor, db: Db = getDb()): ThreadView[] {
  const rows = db.select({
    id: comments.id, parentId: comments.parentId, author: users.name, authorId: comments.authorId, body: comments.body,
    createdAt: comments.createdAt, resolvedAt: comments.resolvedAt, resolvedBy: comments.resolvedBy,
  }).from(comments).innerJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.segmentId, segment.segmentId), eq(comments.lang, segment.lang))).orderBy(asc(comments.createdAt)).all();
  const names = new Map(rows.map((r) => [r.authorId, r.author]));
  const reviewer = can(viewer, 'review', segment.project.id, segment.lang, db);
  const threads = rows.filter((r) => r.parentId === null).map((r): ThreadView => ({
    id: r.id, author: r.author, body: r.body, createdAt: r.createdAt, resolved: r.resolvedAt !== null,
    resolvedBy: r.resolvedBy === null ? null : names.get(r.resolvedBy) ?? null, replies: [], mayResolve: reviewer || r.authorId === viewer,
  }));
  const byId = new Map(threads.map((t) => [t.id, t]));
  for (const r of rows) if (r.parentId !== null) byId.get(r.parentId)?.replies.push({ id: r.id, author: r.author, body: r.body, createdAt: r.createdAt });
  return threads;
}

/** Open threads per segment of a source version in a language (editor badges and filter). */
export function openThreadCounts(versionId: number, lang: string, db: Db = getDb()): Map<string, number> {
  const rows = db.select({ key: segments.key, n: count() }).from(comments)
    .innerJoin(segments, eq(segments.id, comments.segmentId))
    .innerJoin(sourceSegments, and(eq(sourceSegments.segmentId, segments.id), eq(sourceSegments.versionId, versionId)))
    .where(and(eq(comments.lang, lang), isNull(comments.parentId), isNull(comments.resolvedAt)))
    .groupBy(segments.key).all();
  return new Map(rows.map((r) => [r.key, r.n]));
}
