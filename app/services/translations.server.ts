import { and, desc, eq } from 'drizzle-orm';
import { documents, projects, revisions, segments, translations, users } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { checkPlaceholders } from '~/domain/text/placeholders';
import { checkTargetText, type TargetTextWarning } from '~/domain/text/target-text';
import { countWords } from '~/domain/text/word-count';
import { STATE, stateAfterEdit, stateName, type StateName, type StateValue } from '~/domain/translation-state';
import { getDb, inWriteTransaction, type Db, type WriteTx } from './database.server';
import { can, type Actor } from './permissions.server';
import { resolveSegment, type ResolvedSegment } from './segments.server';

export interface SegmentAddress {
  project: string;
  document: string;
  lang: string;
  segment: string;
}

export interface SaveResult {
  segment: string;
  version: number;
  state: StateName;
  text: string;
  /** False when the text and state were already stored: no revision was made. */
  changed: boolean;
  warnings: TargetTextWarning[];
}

export type Origin = (typeof revisions.$inferInsert)['origin'];
export type TranslationRow = typeof translations.$inferSelect;

/**
 * Saves a translation as a new revision. The save names the version it started from; if someone saved
 * in between, it is refused with 409 `version_conflict` carrying both texts so nothing is lost.
 * A translator saves directly only where the project allows it and the text is not someone else's finished
 * work (then they suggest); reviewers and coordinators of the language always may.
 */
export function saveTranslation(
  input: SegmentAddress & { userId: Actor; text: string; baseVersion: number; needsWork: boolean },
  db: Db = getDb(),
): SaveResult {
  const segment = resolveSegment(db, input.project, input.document, input.lang, input.segment, input.userId);
  const text = checkedText(segment, input.text);
  return writeRevision(db, segment, {
    text: text.text, state: stateAfterEdit(text.text, input.needsWork), baseVersion: input.baseVersion,
    authorId: input.userId, textAuthorId: input.userId, origin: 'editor', restoredFromId: null, comment: null,
    warnings: text.warnings, mayWrite: (current) => checkDirectWrite(db, input.userId, segment, current),
  });
}

/** Why a person may not overwrite a translation, or nothing: they may. Checked inside the write transaction. */
function checkDirectWrite(db: Pick<Db, 'select'>, userId: Actor, segment: ResolvedSegment, current: TranslationRow | null) {
  if (userId === null || can(userId, 'review', segment.project.id, segment.lang, db)) return;
  if (!can(userId, 'translate', segment.project.id, segment.lang, db)) {
    throw new AppError('forbidden', 403, 'you may not translate into this language', { need: 'translate', lang: segment.lang });
  }
  if (!segment.project.translatorsMaySave) {
    throw new AppError('suggest_instead', 403, 'in this project translators suggest and reviewers decide', { reason: 'suggest_only' });
  }
  const finished = current !== null && current.state >= STATE.translated;
  if (finished && (current.state === STATE.approved || (current.textAuthorId !== null && current.textAuthorId !== userId))) {
    throw new AppError('suggest_instead', 403, 'someone else has translated this segment: add a suggestion instead', {
      reason: current.state === STATE.approved ? 'approved' : 'not_yours',
    });
  }
}

export interface EditedRow {
  segment: string;
  text: string;
  baseVersion: number;
  needsWork: boolean;
}

/**
 * Saves every row a person changed on the editor page in one post (the page's form without JavaScript):
 * each changed row is saved on its own, as in `saveTranslation`; a row left as it was shown is skipped, even
 * if someone else saved it meanwhile (that is no conflict: this person did not touch it). A refused row
 * (conflict, broken text) does not stop the others; its text comes back with the reason.
 */
export function saveEditedRows(
  input: Omit<SegmentAddress, 'segment'> & { userId: Actor; rows: EditedRow[]; alwaysSave?: string },
  db: Db = getDb(),
) {
  const saved: SaveResult[] = [];
  const refused: { segment: string; text: string; error: AppError }[] = [];
  for (const row of input.rows) {
    if (row.segment !== input.alwaysSave && isUntouched(db, { ...input, segment: row.segment }, row)) continue;
    try {
      saved.push(saveTranslation({ ...input, ...row }, db));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refused.push({ segment: row.segment, text: row.text, error });
    }
  }
  return { saved, refused };
}

/** Whether a row still holds what the page showed when it was loaded (its text and flag at its base version). */
function isUntouched(db: Db, address: SegmentAddress, row: EditedRow): boolean {
  const text = row.text.replace(/\r\n?/g, '\n').normalize('NFC');
  const state = stateAfterEdit(text, row.needsWork);
  if (row.baseVersion === 0) return text === '' && state === STATE.untranslated;
  const shown = db.select({ text: revisions.text, state: revisions.state })
    .from(revisions).innerJoin(translations, eq(translations.id, revisions.translationId))
    .innerJoin(segments, eq(segments.id, translations.segmentId))
    .innerJoin(documents, eq(documents.id, segments.documentId))
    .innerJoin(projects, eq(projects.id, documents.projectId))
    .where(and(eq(projects.slug, address.project), eq(documents.slug, address.document), eq(segments.key, address.segment),
      eq(translations.lang, address.lang), eq(revisions.version, row.baseVersion)))
    .get();
  // An approved text shown as such counts as untouched when the person left it as it was.
  return !!shown && shown.text === text && (shown.state === state || (shown.state === STATE.approved && state === STATE.translated));
}

/** Restores an earlier revision as a new one (origin `revert`); an approval is not restored, only its text. */
export function restoreRevision(
  input: SegmentAddress & { userId: Actor; revisionId: number; baseVersion: number },
  db: Db = getDb(),
): SaveResult {
  const segment = resolveSegment(db, input.project, input.document, input.lang, input.segment, input.userId);
  const revision = db.select({ text: revisions.text, state: revisions.state })
    .from(revisions).innerJoin(translations, eq(translations.id, revisions.translationId))
    .where(and(eq(revisions.id, input.revisionId), eq(translations.segmentId, segment.segmentId), eq(translations.lang, segment.lang)))
    .get();
  if (!revision) throw new AppError('not_found', 404, 'no such revision of this segment', { revision: input.revisionId });
  const text = checkedText(segment, revision.text);
  const state = (revision.state === STATE.approved ? STATE.translated : revision.state) as StateValue;
  return writeRevision(db, segment, {
    text: text.text, state, baseVersion: input.baseVersion, authorId: input.userId, textAuthorId: input.userId, origin: 'revert',
    restoredFromId: input.revisionId, comment: null, warnings: text.warnings,
    mayWrite: (current) => checkDirectWrite(db, input.userId, segment, current),
  });
}

/** The input rules and the source's inline codes, for any text about to become a translation or a suggestion. */
export function checkedText(segment: ResolvedSegment, raw: string) {
  if (!segment.translatable) throw new AppError('forbidden', 403, 'this segment is not translated', { segment: segment.key });
  const checked = checkTargetText(raw, segment.sourceText);
  if (checked.text.trim() !== '') {
    const problems = checkPlaceholders(checked.text, segment.codes);
    if (problems) {
      throw new AppError('placeholder_mismatch', 422, 'the translation must keep the inline codes of the source', { ...problems });
    }
  }
  return checked;
}

export interface RevisionInput {
  text: string;
  state: StateValue;
  baseVersion: number;
  /** Who did it (the reviewer, for an approval). */
  authorId: Actor;
  /** Who wrote the text this revision holds (the suggestion's author, when a reviewer accepts it). */
  textAuthorId: Actor;
  origin: Origin;
  restoredFromId: number | null;
  comment: string | null;
  warnings: TargetTextWarning[];
  /** Throws when this person may not make this change given the current translation (checked in the transaction). */
  mayWrite?: (current: TranslationRow | null) => void;
  /** Runs in the same transaction after the revision is written (mark a suggestion accepted…). */
  after?: (tx: WriteTx, result: SaveResult) => void;
  /**
   * A review names the exact version it judged: a stale one is a conflict even when the outcome would be the
   * same (two reviewers approving at once: one approval, and the other is told).
   */
  strictVersion?: boolean;
}

/**
 * The one place a translation changes: in an IMMEDIATE transaction, checks the version the change started from,
 * writes the new state of the translation and appends its revision. The same text and state as stored is no
 * change, whatever version it started from.
 */
export function writeRevision(db: Db, segment: ResolvedSegment, input: RevisionInput): SaveResult {
  return inWriteTransaction(db, (tx) => {
    const current = currentTranslation(tx, segment.segmentId, segment.lang);
    input.mayWrite?.(current);
    const currentVersion = current?.version ?? 0;
    const result = (version: number, changed: boolean): SaveResult => ({
      segment: segment.key, version, state: stateName(input.state), text: input.text, changed, warnings: input.warnings,
    });
    // The same text and state as stored is no change, whatever version it started from: a form sent twice
    // (a double click without JavaScript) neither makes a revision nor reports a conflict.
    if (input.strictVersion && input.baseVersion !== currentVersion) throw conflict(tx, segment, current, input);
    const unchanged = current ? current.text === input.text && current.state === input.state : input.text === '';
    if (unchanged) return result(currentVersion, false);
    if (input.baseVersion !== currentVersion) throw conflict(tx, segment, current, input);

    const version = currentVersion + 1;
    const now = Date.now();
    const textChanged = !current || current.text !== input.text;
    const values = {
      text: input.text, state: input.state, version, reason: null, updatedBy: input.authorId, updatedAt: now,
      sourceVersionId: segment.document.currentVersionId, wordCount: countWords(input.text, segment.lang),
      textAuthorId: textChanged ? input.textAuthorId : current!.textAuthorId,
    };
    const translationId = current
      ? (tx.update(translations).set(values).where(eq(translations.id, current.id)).run(), current.id)
      : tx.insert(translations).values({ segmentId: segment.segmentId, lang: segment.lang, ...values }).returning({ id: translations.id }).all()[0].id;
    tx.insert(revisions).values({
      translationId, version, baseVersion: currentVersion, text: input.text, state: input.state, origin: input.origin,
      authorId: input.authorId, restoredFromId: input.restoredFromId, sourceVersionId: segment.document.currentVersionId,
      comment: input.comment, createdAt: now,
    }).run();
    const saved = result(version, true);
    input.after?.(tx, saved);
    return saved;
  });
}

export function currentTranslation(tx: Pick<WriteTx, 'select'>, segmentId: number, lang: string): TranslationRow | null {
  return tx.select().from(translations).where(and(eq(translations.segmentId, segmentId), eq(translations.lang, lang))).get() ?? null;
}

/** 409 with both texts: the one now stored (and who saved it) and the one that was refused. */
export function conflict(tx: Pick<WriteTx, 'select'>, segment: ResolvedSegment, current: TranslationRow | null, input: { text: string; baseVersion: number }): AppError {
  const author = current?.updatedBy ? tx.select({ name: users.name }).from(users).where(eq(users.id, current.updatedBy)).get() : undefined;
  return new AppError('version_conflict', 409, 'someone saved this segment after you started; compare both texts', {
    segment: segment.key,
    current: {
      version: current?.version ?? 0,
      text: current?.text ?? '',
      state: stateName(current?.state ?? STATE.untranslated),
      updatedBy: author?.name ?? null,
      updatedAt: current?.updatedAt ?? null,
    },
    yours: { text: input.text, baseVersion: input.baseVersion },
  });
}

export interface HistoryEntry {
  id: number;
  version: number;
  text: string;
  state: StateName;
  origin: string;
  author: string | null;
  comment: string | null;
  createdAt: number;
  restoredFromId: number | null;
}

/** Every revision of a segment in a language, newest first. */
export function segmentHistory(address: SegmentAddress & { viewer: Actor }, db: Db = getDb()) {
  const segment = resolveSegment(db, address.project, address.document, address.lang, address.segment, address.viewer);
  const rows = db.select({
    id: revisions.id, version: revisions.version, text: revisions.text, state: revisions.state, origin: revisions.origin,
    author: users.name, comment: revisions.comment, createdAt: revisions.createdAt, restoredFromId: revisions.restoredFromId,
  }).from(revisions)
    .innerJoin(translations, eq(translations.id, revisions.translationId))
    .leftJoin(users, eq(users.id, revisions.authorId))
    .where(and(eq(translations.segmentId, segment.segmentId), eq(translations.lang, segment.lang)))
    .orderBy(desc(revisions.version))
    .all();
  const history: HistoryEntry[] = rows.map((r) => ({ ...r, state: stateName(r.state) }));
  return { segment, history };
}
