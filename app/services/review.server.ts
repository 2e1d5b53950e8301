import { and, eq } from 'drizzle-orm';
import { comments, suggestions } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { STATE } from '~/domain/translation-state';
import { MAX_COMMENT_LENGTH } from './comments.server';
import { getDb, type Db } from './database.server';
import { authorize } from './permissions.server';
import { resolveSegment } from './segments.server';
import { checkedText, currentTranslation, writeRevision, type SaveResult, type SegmentAddress } from './translations.server';

/**
 * Review: a reviewer of the language approves (state `approved`) or rejects (back to `needs-work`, with a
 * comment) a translation, or accepts a suggestion as the translation. Each is a revision. Each names the version
 * the reviewer looked at: if the translation changed since, the answer is 409 and nothing is written — so two
 * reviewers approving at once make one approval, and nobody approves a text they did not see.
 */

export function approveTranslation(input: SegmentAddress & { userId: number; version: number }, db: Db = getDb()): SaveResult {
  const segment = resolveSegment(db, input.project, input.document, input.lang, input.segment, input.userId);
  authorize(input.userId, 'review', segment.project, segment.lang, db);
  const shown = currentTranslation(db, segment.segmentId, segment.lang);
  return writeRevision(db, segment, {
    text: shown?.text ?? '', state: STATE.approved, baseVersion: input.version, authorId: input.userId, textAuthorId: shown?.textAuthorId ?? null,
    origin: 'review', restoredFromId: null, comment: null, warnings: [], strictVersion: true,
    mayWrite: (current) => {
      if (!current || current.state === STATE.untranslated || current.text.trim() === '') {
        throw new AppError('nothing_to_approve', 422, 'there is no translation to approve', { segment: segment.key });
      }
      if (segment.project.noSelfApproval && current.textAuthorId === input.userId) {
        throw new AppError('self_approval_forbidden', 403, 'you cannot approve a translation you wrote yourself', { segment: segment.key });
      }
    },
  });
}

export function rejectTranslation(input: SegmentAddress & { userId: number; version: number; comment: string }, db: Db = getDb()): SaveResult {
  const segment = resolveSegment(db, input.project, input.document, input.lang, input.segment, input.userId);
  authorize(input.userId, 'review', segment.project, segment.lang, db);
  const comment = input.comment.trim();
  if (comment === '') throw new AppError('comment_required', 422, 'a rejection needs a comment saying why', { field: 'comment' });
  if (comment.length > MAX_COMMENT_LENGTH) throw new AppError('segment_too_long', 422, 'the comment is too long', { max: MAX_COMMENT_LENGTH, actual: comment.length });
  const shown = currentTranslation(db, segment.segmentId, segment.lang);
  return writeRevision(db, segment, {
    text: shown?.text ?? '', state: STATE.needsWork, baseVersion: input.version, authorId: input.userId, textAuthorId: shown?.textAuthorId ?? null,
    origin: 'review', restoredFromId: null, comment, warnings: [], strictVersion: true,
    mayWrite: (current) => {
      if (!current || current.state === STATE.untranslated) {
        throw new AppError('nothing_to_approve', 422, 'there is no translation to reject', { segment: segment.key });
      }
    },
    // The translator finds the reason where the conversation about the segment is, as an open comment.
    after: (tx) => {
      tx.insert(comments).values({ segmentId: segment.segmentId, lang: segment.lang, parentId: null, authorId: input.userId, body: comment }).run();
    },
  });
}

/** Approves a selection (bulk approve, the reading mode): each item on its own; one refusal does not stop the rest. */
export function approveSegments(
  input: Omit<SegmentAddress, 'segment'> & { userId: number; items: { segment: string; version: number }[] },
  db: Db = getDb(),
) {
  const approved: SaveResult[] = [];
  const refused: { segment: string; error: AppError }[] = [];
  for (const item of input.items) {
    try {
      approved.push(approveTranslation({ ...input, ...item }, db));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refused.push({ segment: item.segment, error });
    }
  }
  return { approved, refused };
}

/**
 * Makes a suggestion the translation (origin `suggestion`, credited to its author), as a reviewer of the language.
 * `version` is the translation version the reviewer saw beside the suggestion.
 */
export function acceptSuggestion(input: SegmentAddress & { userId: number; suggestionId: number; version: number }, db: Db = getDb()): SaveResult {
  const segment = resolveSegment(db, input.project, input.document, input.lang, input.segment, input.userId);
  authorize(input.userId, 'review', segment.project, segment.lang, db);
  const suggestion = db.select().from(suggestions)
    .where(and(eq(suggestions.id, input.suggestionId), eq(suggestions.segmentId, segment.segmentId), eq(suggestions.lang, segment.lang))).get();
  if (!suggestion || suggestion.status !== 'open') {
    throw new AppError('not_found', 404, 'no such open suggestion for this segment', { suggestion: input.suggestionId });
  }
  const text = checkedText(segment, suggestion.text);
  return writeRevision(db, segment, {
    text: text.text, state: STATE.translated, baseVersion: input.version, authorId: suggestion.authorId, textAuthorId: suggestion.authorId,
    origin: 'suggestion', restoredFromId: null, comment: null, warnings: text.warnings, strictVersion: true,
    after: (tx) => {
      tx.update(suggestions).set({ status: 'accepted', decidedBy: input.userId, decidedAt: Date.now() }).where(eq(suggestions.id, suggestion.id)).run();
    },
  });
}
