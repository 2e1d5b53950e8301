import { and, eq } from 'drizzle-orm';
import { pendingImports, projects, sourceVersions } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { contentDisposition } from '~/domain/exchange/file-names';
import { writeI18nextJson } from '~/domain/exchange/i18next-json';
import { planXliffImport, type AppUnit, type PlannedUnit, type XliffPlan } from '~/domain/exchange/xliff-plan';
import { readXliff, type ImportedXliff } from '~/domain/exchange/xliff-read';
import { writeXliff12, writeXliff20, type ExchangeHeader, type ExchangeUnit } from '~/domain/exchange/xliff-write';
import { decodeXmlBytes } from '~/domain/exchange/xml';
import type { InlineCode } from '~/domain/segmentation/types';
import { restoreMarkup } from '~/domain/text/placeholders';
import { countWords } from '~/domain/text/word-count';
import { stateName, stateValue, type StateName } from '~/domain/translation-state';
import { getDb, inWriteTransaction, type Db } from './database.server';
import { logImport } from './import-log.server';
import { abilitiesIn, authorize, type Actor } from './permissions.server';
import { resolveDocumentLanguage, type DocumentLanguage } from './segments.server';

/**
 * Exchange with the world outside the app (DESIGN.md flow): XLIFF 1.2/2.0 of one document × language out to a
 * CAT tool and back in, and i18next JSON for partner websites. Mapping rules live in app/domain/exchange; this
 * module reads and writes the database, checks who may, and keeps the import all or nothing.
 */

export type XliffVersion = '1.2' | '2.0';
export const XLIFF_VERSIONS: readonly XliffVersion[] = ['1.2', '2.0'];
/** The largest XLIFF file taken (security.md XL-04): a 10,000-segment document is about 3 MB. */
export const MAX_XLIFF_BYTES = 10 * 1024 * 1024;

interface UnitRow {
  segment_id: number;
  key: string;
  kind: string;
  placeholder_text: string;
  text_source: string;
  codes: string;
  translatable: number;
  translation_id: number | null;
  text: string | null;
  state: number | null;
  version: number | null;
  text_author_id: number | null;
}

function unitRows(db: Db, versionId: number, lang: string): UnitRow[] {
  return db.$client.prepare<[{ version: number; lang: string }], UnitRow>(`
    SELECT ss.segment_id, s.key, ss.kind, ss.placeholder_text, ss.text AS text_source, ss.codes, ss.translatable,
           t.id AS translation_id, t.text, t.state, t.version, t.text_author_id
      FROM source_segments ss
      JOIN segments s ON s.id = ss.segment_id
      LEFT JOIN translations t ON t.segment_id = ss.segment_id AND t.lang = @lang
     WHERE ss.version_id = @version
     ORDER BY ss.position`).all({ version: versionId, lang });
}

const parseCodes = (json: string): InlineCode[] => (json === '[]' ? [] : (JSON.parse(json) as InlineCode[]));

function sourceVersionNumber(db: Db, versionId: number): { number: number; mediaType: string } {
  const row = db.select({ number: sourceVersions.number, mediaType: sourceVersions.mediaType }).from(sourceVersions).where(eq(sourceVersions.id, versionId)).get();
  if (!row) throw new Error(`source version ${versionId} is missing`);
  return row;
}

/** Open comment threads of a document × language as notes: author and text, oldest first. */
function openNotes(db: Db, documentId: number, lang: string): Map<number, { author: string; text: string }[]> {
  const rows = db.$client.prepare<[{ document: number; lang: string }], { segment_id: number; name: string; body: string }>(`
    SELECT c.segment_id, u.name, c.body
      FROM comments c
      JOIN users u ON u.id = c.author_id
      JOIN comments root ON root.id = COALESCE(c.parent_id, c.id)
      JOIN segments s ON s.id = c.segment_id
     WHERE s.document_id = @document AND c.lang = @lang AND root.resolved_at IS NULL
     ORDER BY c.id`).all({ document: documentId, lang });
  const out = new Map<number, { author: string; text: string }[]>();
  for (const r of rows) {
    const list = out.get(r.segment_id) ?? [];
    list.push({ author: r.name, text: r.body });
    out.set(r.segment_id, list);
  }
  return out;
}

function placeForExport(db: Db, input: { project: string; document: string; lang: string; viewer: Actor }): DocumentLanguage {
  const place = resolveDocumentLanguage(db, input.project, input.document, input.lang, input.viewer);
  authorize(input.viewer, 'export', place.project, place.lang, db);
  return place;
}

export interface ExportedFile {
  fileName: string;
  contentType: string;
  body: string;
  /** `Content-Disposition` for a download (RFC 6266, file name made safe). */
  disposition: string;
}

function exportFile(fileName: string, contentType: string, body: string): ExportedFile {
  return { fileName, contentType, body, disposition: contentDisposition(fileName) };
}

/** One document × language as XLIFF: every translatable segment of the current source, in document order. */
export function exportXliff(input: { project: string; document: string; lang: string; xliff: XliffVersion; viewer: Actor }, db: Db = getDb()): ExportedFile {
  const place = placeForExport(db, input);
  const version = sourceVersionNumber(db, place.document.currentVersionId);
  const header: ExchangeHeader = {
    project: place.project.slug, document: place.document.slug, sourceVersion: version.number,
    sourceLang: place.project.sourceLang, targetLang: place.lang, mediaType: version.mediaType,
  };
  const notes = openNotes(db, place.document.id, place.lang);
  const units: ExchangeUnit[] = unitRows(db, place.document.currentVersionId, place.lang)
    .filter((r) => r.translatable === 1)
    .map((r) => ({
      id: r.key, kind: r.kind, source: r.placeholder_text, codes: parseCodes(r.codes),
      target: r.text ?? '', state: stateName(r.state ?? 0), version: r.version ?? 0, notes: notes.get(r.segment_id) ?? [],
    }));
  const body = input.xliff === '1.2' ? writeXliff12(header, units) : writeXliff20(header, units);
  const suffix = input.xliff === '1.2' ? 'xliff12' : 'xliff20';
  return exportFile(`${place.project.slug}-${place.document.slug}-${place.lang}.${suffix}.xlf`, 'application/xliff+xml; charset=utf-8', body);
}

/**
 * One document × language as i18next JSON (v4, flat): a key per segment, the text with its original markup put
 * back. Only approved text unless `all` (then every translated text); a segment without text is left out, so
 * i18next falls back to its fallback language for it.
 */
export function exportI18next(input: { project: string; document: string; lang: string; all: boolean; viewer: Actor }, db: Db = getDb()): ExportedFile {
  const place = placeForExport(db, input);
  const minimum = stateValue(input.all ? 'translated' : 'approved');
  const entries = unitRows(db, place.document.currentVersionId, place.lang)
    .filter((r) => r.translatable === 1 && r.text && (r.state ?? 0) >= minimum)
    .map((r) => [r.key, restoreMarkup(r.text!, parseCodes(r.codes))] as const);
  return exportFile(`${place.project.slug}-${place.document.slug}-${place.lang}.json`, 'application/json; charset=utf-8', writeI18nextJson(entries));
}

// ----- import

export interface XliffExpectation {
  project: string;
  /** Set when the file is uploaded on a document's page: it must belong to that document and language. */
  document?: string;
  lang?: string;
}

export interface XliffPreview {
  project: string;
  document: string;
  lang: string;
  xliffVersion: '1.2' | '2.0';
  sourceVersion: number | null;
  currentSourceVersion: number;
  counts: XliffPlan['counts'];
  units: PlannedUnit[];
}

interface Prepared {
  file: ImportedXliff;
  place: DocumentLanguage;
  plan: XliffPlan;
  currentSourceVersion: number;
}

function readFile(bytes: Uint8Array, fileName: string): ImportedXliff {
  if (bytes.byteLength > MAX_XLIFF_BYTES) {
    throw new AppError('payload_too_large', 413, `the file is larger than ${MAX_XLIFF_BYTES} bytes`, { maxBytes: MAX_XLIFF_BYTES, fileName });
  }
  const file = readXliff(decodeXmlBytes(bytes, fileName), fileName);
  if (file.units.length === 0) throw new AppError('nothing_to_import', 422, 'the file has no translation units', { fileName });
  return file;
}

/** Which project, document and language a file is for: from the file, checked against where it was uploaded. */
function placeOf(db: Db, file: ImportedXliff, expect: XliffExpectation | undefined, userId: Actor): DocumentLanguage {
  const projectSlug = file.project ?? expect?.project;
  const documentSlug = file.document ?? expect?.document;
  if (!projectSlug || !documentSlug) {
    throw new AppError('wrong_document', 422, 'the file does not say which document it belongs to (XLIFF 1.2 <file original="project/document">, or our 2.0 metadata); import it from the document\'s page',
      { expected: expect?.document ?? 'a document of this project', found: '(not named)' });
  }
  if (expect && (projectSlug !== expect.project || (expect.document && documentSlug !== expect.document))) {
    const expected = `${expect.project}/${expect.document ?? '…'}`;
    throw new AppError('wrong_document', 422, `the file belongs to ${projectSlug}/${documentSlug}, not to ${expected}`, { expected, found: `${projectSlug}/${documentSlug}` });
  }
  if (!file.targetLang) throw new AppError('target_language_mismatch', 422, 'the file names no target language', { expected: expect?.lang ?? null, found: null });
  if (expect?.lang && file.targetLang !== expect.lang) {
    throw new AppError('target_language_mismatch', 422, `the file is for ${file.targetLang}, uploaded to ${expect.lang}`, { expected: expect.lang, found: file.targetLang });
  }
  const place = resolveDocumentLanguage(db, projectSlug, documentSlug, file.targetLang, userId);
  if (file.sourceLang.split('-')[0].toLowerCase() !== place.project.sourceLang.split('-')[0].toLowerCase()) {
    throw new AppError('source_language_mismatch', 422, `the file's source language is ${file.sourceLang}, the project's ${place.project.sourceLang}`,
      { expected: place.project.sourceLang, found: file.sourceLang });
  }
  // Coordinators and the language's reviewers bring outside work in: it can change approved text.
  authorize(userId, 'review', place.project, place.lang, db);
  return place;
}

function appUnits(db: Db, place: DocumentLanguage, file: ImportedXliff): Map<string, AppUnit> {
  const rows = unitRows(db, place.document.currentVersionId, place.lang);
  const versions = new Map(file.units.map((u) => [u.id, u.version]));
  const revisionAt = db.$client.prepare<[number, number], { text: string; state: number }>('SELECT text, state FROM revisions WHERE translation_id = ? AND version = ?');
  const out = new Map<string, AppUnit>();
  for (const r of rows) {
    const current = { text: r.text ?? '', state: stateName(r.state ?? 0), version: r.version ?? 0, textAuthorId: r.text_author_id };
    const exportedAt = versions.get(r.key);
    let exported: AppUnit['exported'] = null;
    if (exportedAt !== undefined && exportedAt !== null) {
      if (exportedAt === current.version) exported = { text: current.text, state: current.state };
      else if (exportedAt === 0) exported = { text: '', state: 'untranslated' };
      else if (r.translation_id !== null) {
        const rev = revisionAt.get(r.translation_id, exportedAt);
        if (rev) exported = { text: rev.text, state: stateName(rev.state) };
      }
    }
    out.set(r.key, {
      key: r.key, source: r.placeholder_text, codes: parseCodes(r.codes), translatable: r.translatable === 1, sourceText: r.text_source,
      current, exported,
    });
  }
  return out;
}

function retiredKeys(db: Db, place: DocumentLanguage, current: ReadonlyMap<string, AppUnit>): Set<string> {
  const all = db.$client.prepare<[number], { key: string }>('SELECT key FROM segments WHERE document_id = ?').all(place.document.id);
  return new Set(all.map((r) => r.key).filter((k) => !current.has(k)));
}

function prepare(db: Db, input: { bytes: Uint8Array; fileName: string; userId: Actor; expect?: XliffExpectation }, read?: ImportedXliff): Prepared {
  const file = read ?? readFile(input.bytes, input.fileName);
  const place = placeOf(db, file, input.expect, input.userId);
  const units = appUnits(db, place, file);
  const plan = planXliffImport(file, units, { retiredKeys: retiredKeys(db, place, units), importerId: input.userId, noSelfApproval: place.project.noSelfApproval });
  return { file, place, plan, currentSourceVersion: sourceVersionNumber(db, place.document.currentVersionId).number };
}

function preview(prepared: Prepared): XliffPreview {
  return {
    project: prepared.place.project.slug, document: prepared.place.document.slug, lang: prepared.place.lang,
    xliffVersion: prepared.file.xliffVersion, sourceVersion: prepared.file.sourceVersion, currentSourceVersion: prepared.currentSourceVersion,
    counts: prepared.plan.counts, units: prepared.plan.units,
  };
}

/** Logs a refused file (one `import_log` row, nothing else) and rethrows. */
function audited<T>(db: Db, entry: { fileName: string; bytes: Uint8Array; userId: Actor; projectSlug?: string }, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof AppError) {
      const projectId = entry.projectSlug ? db.select({ id: projects.id }).from(projects).where(eq(projects.slug, entry.projectSlug)).get()?.id ?? null : null;
      logImport({ projectId, kind: 'xliff', fileName: entry.fileName, bytes: entry.bytes, status: 'rejected', userId: entry.userId, error }, db);
    }
    throw error;
  }
}

/** What importing the file would do; writes nothing but a refusal's audit row. */
export function previewXliffImport(input: { bytes: Uint8Array; fileName: string; userId: Actor; expect?: XliffExpectation }, db: Db = getDb()): XliffPreview {
  return audited(db, { ...input, projectSlug: input.expect?.project }, () => preview(prepare(db, input)));
}

export interface XliffImportResult {
  project: string;
  document: string;
  lang: string;
  changed: number;
  unchanged: number;
  conflicts: number;
  overwritten: number;
  skipped: number;
}

/**
 * Applies a file in one IMMEDIATE transaction: the plan is made again inside it (so nothing saved since the
 * preview is overwritten unnoticed), then every changed unit — and each conflict the person chose to overwrite —
 * becomes a revision with origin `xliff-import`. The same file a second time changes nothing.
 */
export function applyXliffImport(
  input: {
    bytes: Uint8Array; fileName: string; userId: Actor; expect?: XliffExpectation; overwrite?: ReadonlySet<string> | 'all';
    /** Told how far the write has come (every 500 units), for the command line's progress on long files. */
    onProgress?: (written: number, total: number) => void;
  },
  db: Db = getDb(),
): XliffImportResult {
  return audited(db, { ...input, projectSlug: input.expect?.project }, () => {
    // The file is read before the write lock is taken; the plan is made inside it, against what is stored now.
    const file = readFile(input.bytes, input.fileName);
    const result = inWriteTransaction(db, () => {
      const prepared = prepare(db, input, file);
      const chosen = (id: string) => input.overwrite === 'all' || (input.overwrite?.has(id) ?? false);
      const writes = prepared.plan.units.filter((u): u is Extract<PlannedUnit, { kind: 'changed' | 'conflict' }> =>
        u.kind === 'changed' || (u.kind === 'conflict' && chosen(u.id)));
      writeUnits(db, prepared.place, writes, input.userId, input.onProgress);
      const { counts } = prepared.plan;
      return {
        project: prepared.place.project.slug, document: prepared.place.document.slug, lang: prepared.place.lang, projectId: prepared.place.project.id,
        changed: writes.length, unchanged: counts.unchanged, conflicts: counts.conflicts, overwritten: writes.length - counts.changed, skipped: counts.skipped,
      };
    });
    const { projectId, ...summary } = result;
    logImport({ projectId, kind: 'xliff', fileName: input.fileName, bytes: input.bytes, status: 'applied', userId: input.userId, details: summary }, db);
    return summary;
  });
}

/** Runs inside the caller's write transaction (same connection): raw statements, as a 10,000-unit file must be quick. */
function writeUnits(
  db: Db, place: DocumentLanguage, units: readonly Extract<PlannedUnit, { kind: 'changed' | 'conflict' }>[], userId: Actor,
  onProgress?: (written: number, total: number) => void,
) {
  if (!units.length) return;
  const client = db.$client;
  const find = client.prepare<[{ key: string; document: number; lang: string }], { segment_id: number; translation_id: number | null; version: number | null; text: string | null; text_author_id: number | null }>(`
    SELECT s.id AS segment_id, t.id AS translation_id, t.version, t.text, t.text_author_id
      FROM segments s LEFT JOIN translations t ON t.segment_id = s.id AND t.lang = @lang
     WHERE s.key = @key AND s.document_id = @document`);
  const update = client.prepare(`UPDATE translations SET text = @text, state = @state, version = @version, reason = NULL, updated_by = @user,
      updated_at = @now, source_version_id = @sourceVersion, word_count = @words, text_author_id = @textAuthor WHERE id = @id`);
  const insert = client.prepare(`INSERT INTO translations (segment_id, lang, text, state, version, reason, source_version_id, updated_by, updated_at, word_count, text_author_id)
      VALUES (@segment, @lang, @text, @state, @version, NULL, @sourceVersion, @user, @now, @words, @textAuthor)`);
  const revision = client.prepare(`INSERT INTO revisions (translation_id, version, base_version, text, state, origin, author_id, source_version_id, created_at)
      VALUES (@translation, @version, @base, @text, @state, 'xliff-import', @user, @sourceVersion, @now)`);
  const now = Date.now();
  const sourceVersion = place.document.currentVersionId;
  for (const [index, unit] of units.entries()) {
    if (index % 500 === 0) onProgress?.(index, units.length);
    const row = find.get({ key: unit.id, document: place.document.id, lang: place.lang });
    if (!row) throw new Error(`segment ${unit.id} vanished inside the import transaction`);
    const base = row.version ?? 0;
    if (base !== unit.baseVersion) throw new Error(`segment ${unit.id} changed inside the import transaction`);
    const version = base + 1;
    // Text from a file was written by someone outside the app: nobody here is its author (so the person importing
    // may still approve it); a state-only change keeps the author it had.
    const textAuthor = row.text === unit.text ? row.text_author_id : null;
    const values = { text: unit.text, state: stateValue(unit.state), version, user: userId, now, sourceVersion, words: countWords(unit.text, place.lang), textAuthor };
    const translationId = row.translation_id === null
      ? Number(insert.run({ ...values, segment: row.segment_id, lang: place.lang }).lastInsertRowid)
      : (update.run({ ...values, id: row.translation_id }), row.translation_id);
    revision.run({ translation: translationId, version, base, text: unit.text, state: stateValue(unit.state), user: userId, sourceVersion, now });
  }
}

// ----- the web import's pending files (the preview is confirmed without sending the file again)

export function storePendingXliff(
  input: { bytes: Uint8Array; fileName: string; userId: number; expect: XliffExpectation; id: string },
  db: Db = getDb(),
): XliffPreview {
  const result = previewXliffImport(input, db);
  const project = db.select({ id: projects.id }).from(projects).where(eq(projects.slug, result.project)).get()!;
  inWriteTransaction(db, (tx) => {
    tx.delete(pendingImports).where(and(eq(pendingImports.createdBy, input.userId), eq(pendingImports.kind, 'xliff'),
      eq(pendingImports.documentSlug, result.document), eq(pendingImports.lang, result.lang))).run();
    tx.insert(pendingImports).values({
      id: input.id, kind: 'xliff', projectId: project.id, documentSlug: result.document, lang: result.lang, fileName: input.fileName,
      bytes: Buffer.from(input.bytes), baseVersionId: null, createdBy: input.userId,
    }).run();
  });
  return result;
}

export function pendingXliff(input: { project: string; document: string; lang: string; id: string; userId: number }, db: Db = getDb()) {
  const row = db.select({ pending: pendingImports }).from(pendingImports)
    .innerJoin(projects, eq(projects.id, pendingImports.projectId))
    .where(and(eq(pendingImports.id, input.id), eq(pendingImports.kind, 'xliff'), eq(projects.slug, input.project),
      eq(pendingImports.documentSlug, input.document), eq(pendingImports.lang, input.lang), eq(pendingImports.createdBy, input.userId)))
    .get();
  if (!row) throw new AppError('import_expired', 404, 'no such import waiting for confirmation', { import: input.id });
  return { fileName: row.pending.fileName, bytes: new Uint8Array(row.pending.bytes) };
}

export function dropPendingXliff(id: string, userId: number, db: Db = getDb()) {
  inWriteTransaction(db, (tx) => tx.delete(pendingImports).where(and(eq(pendingImports.id, id), eq(pendingImports.createdBy, userId))).run());
}


/** The exchange page of a document × language: who may download and upload, and the names to show. */
export function exchangePage(input: { project: string; document: string; lang: string; viewer: number }, db: Db = getDb()) {
  const place = resolveDocumentLanguage(db, input.project, input.document, input.lang, input.viewer);
  const abilities = abilitiesIn(input.viewer, place.project, place.lang, db);
  // Reviewers (and coordinators) bring files back; whoever may export downloads them.
  const may = { export: abilities.export, import: abilities.review };
  if (!may.export && !may.import) throw new AppError('forbidden', 403, 'you may not export or import this language', { need: 'export', lang: place.lang });
  return {
    project: { slug: place.project.slug, title: place.project.title },
    document: { slug: place.document.slug, title: place.document.title },
    lang: place.lang,
    may,
  };
}

/** An uploaded file that is XLIFF rather than a source: by its name, or by its first bytes naming <xliff. */
export function looksLikeXliff(fileName: string, bytes: Uint8Array): boolean {
  if (/\.(xlf|xliff|sdlxliff|mqxliff)$/i.test(fileName)) return true;
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 2048));
  return /<(?:[A-Za-z_][\w.-]*:)?xliff[\s>]/.test(head);
}
