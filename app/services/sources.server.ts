import { createHash } from 'node:crypto';
import { and, asc, eq, gt, inArray, max } from 'drizzle-orm';
import mammoth from 'mammoth';
import {
  documents, projects, revisions, segments, sourceBlocks, sourceSegments, sourceVersions, translations,
} from '../../db/schema';
import { AppError } from '~/domain/errors';
import {
  parseSrx, segmentDocument, sentenceRules, type CompiledRules, type SegmentedDocument, type SourceMediaType, type SrxDocument,
} from '~/domain/segmentation';
import { checkDocumentSlug, decodeSourceText, detectSourceType, type SourceFileType } from '~/domain/source-file';
import { matchSegments, wordDiff, type DiffPart } from '~/domain/source-update/match';
import { countWords } from '~/domain/text/word-count';
import { STATE } from '~/domain/translation-state';
import { inWriteTransaction, type Db, type WriteTx } from './database.server';
import { defaultSrx } from './segmentation-rules.server';

type Project = typeof projects.$inferSelect;
type Reader = Pick<Db, 'select'>;

/** A received file, checked and turned into the text we segment. */
export interface PreparedSource {
  fileName: string;
  fileType: SourceFileType;
  /** How the text is segmented: a Word file is segmented through its HTML conversion. */
  mediaType: SourceMediaType;
  content: string;
  /** The bytes as received, kept for formats that are not text. */
  original: Buffer | null;
  sha256: string;
}

export async function prepareSource(fileName: string, bytes: Uint8Array, declaredType?: string | null): Promise<PreparedSource> {
  const fileType = detectSourceType(fileName, bytes, declaredType);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (fileType !== 'docx') {
    return { fileName, fileType, mediaType: fileType, content: decodeSourceText(fileName, bytes), original: null, sha256 };
  }
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (error) {
    throw new AppError('unreadable_docx', 422, `${fileName} could not be read as a Word document: ${(error as Error).message}`, { fileName });
  }
  if (html.replace(/<[^>]*>/g, '').trim() === '') throw new AppError('empty_source', 422, `${fileName} has no text`, { fileName });
  return { fileName, fileType, mediaType: 'text/html', content: html, original: Buffer.from(bytes), sha256 };
}

const projectSrx = new Map<string, SrxDocument>();

/** The sentence rules of a project's source language: its own SRX file if it uploaded one, else ours. */
export function projectRules(project: Pick<Project, 'srx' | 'sourceLang'>): CompiledRules {
  if (!project.srx) return sentenceRules(defaultSrx(), project.sourceLang);
  let doc = projectSrx.get(project.srx);
  if (!doc) {
    doc = parseSrx(project.srx);
    projectSrx.set(project.srx, doc);
  }
  return sentenceRules(doc, project.sourceLang);
}

export type PreviewItem =
  | { type: 'unchanged'; key: string; text: string; moved: boolean }
  | { type: 'changed'; key: string; oldText: string; newText: string; diff: DiffPart[]; similarity: number; moved: boolean; translations: number }
  | { type: 'new'; text: string; kind: string }
  | { type: 'removed'; key: string; text: string; translations: number };

export interface ImportPlan {
  project: Project;
  documentSlug: string;
  title: string;
  source: PreparedSource;
  segmented: SegmentedDocument;
  existing: { id: number; versionId: number; versionNumber: number } | null;
  /** Per new segment (by position): the key it keeps from the old version, if any. */
  keptKeys: (string | null)[];
  changedKeys: string[];
  removedKeys: string[];
  items: PreviewItem[];
  counts: { unchanged: number; moved: number; changed: number; new: number; removed: number };
}

interface OldSegment {
  key: string;
  segmentId: number;
  text: string;
  placeholderText: string;
  position: number;
  block: number;
  kind: string;
}

/**
 * What importing this file would do, without writing: a new document, or a new version of an existing one
 * with each segment unchanged (kept, perhaps moved), changed (kept, translations sent back for review, word diff),
 * new or removed. Matching is exact text first, then similarity and position (domain/source-update/match).
 */
export function planImport(db: Reader, input: { project: Project; documentSlug: string; title?: string | null; source: PreparedSource }): ImportPlan {
  const documentSlug = checkDocumentSlug(input.documentSlug);
  const segmented = segmentDocument(input.source.content, input.source.mediaType, {
    rules: projectRules(input.project), translateSignatories: input.project.translateSignatories,
  });
  const doc = db.select().from(documents)
    .where(and(eq(documents.projectId, input.project.id), eq(documents.slug, documentSlug))).get();
  const title = input.title?.trim() || doc?.title || titleFromFileName(input.source.fileName);
  const base = { project: input.project, documentSlug, title, source: input.source, segmented };
  const none = { unchanged: 0, moved: 0, changed: 0, removed: 0 };
  if (!doc || doc.currentVersionId === null) {
    return {
      ...base, existing: null, keptKeys: segmented.segments.map(() => null), changedKeys: [], removedKeys: [],
      items: segmented.segments.map((s) => ({ type: 'new' as const, text: s.placeholderText, kind: s.kind })),
      counts: { ...none, new: segmented.segments.length },
    };
  }
  const version = db.select({ number: sourceVersions.number }).from(sourceVersions).where(eq(sourceVersions.id, doc.currentVersionId)).get()!;
  const old = oldSegments(db, doc.currentVersionId);
  const byKey = new Map(old.map((o) => [o.key, o]));
  const translated = translationCounts(db, old.map((o) => o.segmentId));
  const matches = matchSegments(
    old.map((o) => ({ key: o.key, text: o.text, position: o.position, block: o.block, kind: o.kind })),
    segmented.segments.map((s, position) => ({ text: s.text, position, block: s.block, kind: s.kind })),
  );
  const keptKeys: (string | null)[] = segmented.segments.map(() => null);
  const items: PreviewItem[] = [];
  const counts = { ...none, new: 0 };
  const changedKeys: string[] = [];
  const removedKeys: string[] = [];
  for (const m of matches) {
    if (m.type === 'new') {
      const s = segmented.segments[m.newPosition];
      items.push({ type: 'new', text: s.placeholderText, kind: s.kind });
      counts.new++;
    } else if (m.type === 'removed') {
      const o = byKey.get(m.oldKey)!;
      items.push({ type: 'removed', key: o.key, text: o.placeholderText, translations: translated.get(o.segmentId) ?? 0 });
      removedKeys.push(o.key);
      counts.removed++;
    } else {
      keptKeys[m.newPosition] = m.oldKey;
      const o = byKey.get(m.oldKey)!;
      const now = segmented.segments[m.newPosition];
      if (m.moved) counts.moved++;
      if (m.type === 'unchanged') {
        items.push({ type: 'unchanged', key: o.key, text: now.placeholderText, moved: m.moved });
        counts.unchanged++;
      } else {
        items.push({
          type: 'changed', key: o.key, oldText: o.placeholderText, newText: now.placeholderText,
          diff: wordDiff(o.placeholderText, now.placeholderText), similarity: m.similarity, moved: m.moved,
          translations: translated.get(o.segmentId) ?? 0,
        });
        changedKeys.push(o.key);
        counts.changed++;
      }
    }
  }
  return {
    ...base, existing: { id: doc.id, versionId: doc.currentVersionId, versionNumber: version.number },
    keptKeys, changedKeys, removedKeys, items, counts,
  };
}

/**
 * Applies a plan in one IMMEDIATE transaction: a new source version (the bytes as received), its layout and
 * segments; kept segments keep their ids; the translations of changed ones go back to `needs-work` with the reason
 * `source-changed`, each as a revision; removed ones simply are not in the new version (their history stays).
 * Refused with 409 if the document got another version since the preview.
 */
export function applyImport(db: Db, plan: ImportPlan, userId: number | null) {
  return inWriteTransaction(db, (tx) => writeImport(tx, plan, userId));
}

/** `applyImport` inside a transaction the caller already holds (seeding a new database). */
export function writeImport(tx: WriteTx, plan: ImportPlan, userId: number | null) {
  {
    let documentId: number;
    let number = 1;
    if (plan.existing) {
      const current = tx.select({ currentVersionId: documents.currentVersionId }).from(documents).where(eq(documents.id, plan.existing.id)).get();
      if (current?.currentVersionId !== plan.existing.versionId) {
        throw new AppError('source_changed_meanwhile', 409, 'another version of this document was imported after this preview; preview again', { document: plan.documentSlug });
      }
      documentId = plan.existing.id;
      number = plan.existing.versionNumber + 1;
      if (plan.title !== '') tx.update(documents).set({ title: plan.title }).where(eq(documents.id, documentId)).run();
    } else {
      if (tx.select({ id: documents.id }).from(documents).where(and(eq(documents.projectId, plan.project.id), eq(documents.slug, plan.documentSlug))).get()) {
        throw new AppError('source_changed_meanwhile', 409, 'this document was created after this preview; preview again', { document: plan.documentSlug });
      }
      const position = (tx.select({ n: max(documents.position) }).from(documents).where(eq(documents.projectId, plan.project.id)).get()?.n ?? -1) + 1;
      documentId = tx.insert(documents).values({ projectId: plan.project.id, slug: plan.documentSlug, title: plan.title, position })
        .returning({ id: documents.id }).all()[0].id;
    }
    const versionId = tx.insert(sourceVersions).values({
      documentId, number, mediaType: plan.source.fileType === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : plan.source.mediaType,
      fileName: plan.source.fileName, content: plan.source.content, original: plan.source.original, sha256: plan.source.sha256, createdBy: userId,
    }).returning({ id: sourceVersions.id }).all()[0].id;
    writeLayout(tx, documentId, versionId, plan);
    if (plan.changedKeys.length) sendBackForReview(tx, documentId, plan.changedKeys, userId, versionId);
    tx.update(documents).set({ currentVersionId: versionId }).where(eq(documents.id, documentId)).run();
    return { documentId, versionId, version: number, segments: plan.segmented.segments.length, counts: plan.counts };
  }
}

/** A source that is text already (the seed, tests): no file checks beyond the media type. */
export function textSource(fileName: string, content: string, mediaType: SourceMediaType): PreparedSource {
  return { fileName, fileType: mediaType, mediaType, content, original: null, sha256: createHash('sha256').update(content, 'utf8').digest('hex') };
}

function writeLayout(tx: WriteTx, documentId: number, versionId: number, plan: ImportPlan) {
  for (const block of plan.segmented.blocks) {
    tx.insert(sourceBlocks).values({
      versionId, blockIndex: block.index, type: block.type, level: block.level, label: block.label, listGroup: block.group, ordered: block.ordered,
    }).run();
  }
  const keys = tx.select({ key: segments.key, id: segments.id }).from(segments).where(eq(segments.documentId, documentId)).all();
  const idOfKey = new Map(keys.map((k) => [k.key, k.id]));
  const taken = new Set(keys.map((k) => k.key));
  const fresh = segmentKeys(plan.segmented.segments.map((s) => s.text));
  plan.segmented.segments.forEach((segment, position) => {
    let segmentId: number;
    const kept = plan.keptKeys[position];
    if (kept) segmentId = idOfKey.get(kept)!;
    else {
      const key = uniqueKey(fresh[position], taken);
      segmentId = tx.insert(segments).values({ documentId, key }).returning({ id: segments.id }).all()[0].id;
    }
    tx.insert(sourceSegments).values({
      versionId, position, segmentId, blockIndex: segment.block, kind: segment.kind, label: segment.label, text: segment.text,
      placeholderText: segment.placeholderText, codes: JSON.stringify(segment.codes), translatable: segment.translatable,
      wordCount: countWords(segment.placeholderText, plan.project.sourceLang), startOffset: segment.start, endOffset: segment.end,
    }).run();
  });
}

/**
 * Stable segment keys derived from the text, so the same source gives the same ids on every machine;
 * a repeated text (`Kictanet, Kenya` twice) gets `-2`, `-3`. Ten base-32 characters: 50 bits.
 */
export function segmentKeys(texts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    const digest = createHash('sha256').update(text.normalize('NFC'), 'utf8').digest();
    const base = base32(digest).slice(0, 10);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** A new segment whose text-derived key is taken (a removed segment once had it) gets `-2`, `-3`… */
function uniqueKey(base: string, taken: Set<string>): string {
  const stem = base.replace(/-\d+$/, '');
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${stem}-${n}`;
  taken.add(key);
  return key;
}

function sendBackForReview(tx: WriteTx, documentId: number, keys: string[], userId: number | null, versionId: number) {
  const rows = tx.select({ translation: translations, })
    .from(translations).innerJoin(segments, eq(segments.id, translations.segmentId))
    .where(and(eq(segments.documentId, documentId), inArray(segments.key, keys), gt(translations.state, STATE.untranslated)))
    .all();
  const now = Date.now();
  for (const { translation: t } of rows) {
    const version = t.version + 1;
    // The translation keeps pointing at the source version it was made for: the editor shows that diff.
    tx.update(translations).set({ state: STATE.needsWork, version, reason: 'source-changed', updatedBy: userId, updatedAt: now })
      .where(eq(translations.id, t.id)).run();
    tx.insert(revisions).values({
      translationId: t.id, version, baseVersion: t.version, text: t.text, state: STATE.needsWork, origin: 'source-update',
      authorId: userId, restoredFromId: null, sourceVersionId: versionId, createdAt: now,
    }).run();
  }
}

function oldSegments(db: Reader, versionId: number): OldSegment[] {
  return db.select({
    key: segments.key, segmentId: segments.id, text: sourceSegments.text, placeholderText: sourceSegments.placeholderText,
    position: sourceSegments.position, block: sourceSegments.blockIndex, kind: sourceSegments.kind,
  }).from(sourceSegments).innerJoin(segments, eq(segments.id, sourceSegments.segmentId))
    .where(eq(sourceSegments.versionId, versionId)).orderBy(asc(sourceSegments.position)).all();
}

/** How many languages have a translation of each segment (what a change sends back for review). */
function translationCounts(db: Reader, segmentIds: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  if (segmentIds.length === 0) return counts;
  const rows = db.select({ segmentId: translations.segmentId }).from(translations)
    .where(and(inArray(translations.segmentId, segmentIds), gt(translations.state, STATE.untranslated))).all();
  for (const r of rows) counts.set(r.segmentId, (counts.get(r.segmentId) ?? 0) + 1);
  return counts;
}

function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ').trim();
  return base ? base[0].toUpperCase() + base.slice(1) : 'Untitled';
}

/** A JSON-friendly preview (the command line prints it; the web preview renders it). */
export function previewSummary(plan: ImportPlan) {
  return {
    project: plan.project.slug,
    document: plan.documentSlug,
    title: plan.title,
    exists: plan.existing !== null,
    version: { from: plan.existing?.versionNumber ?? null, to: (plan.existing?.versionNumber ?? 0) + 1 },
    type: plan.source.fileType,
    segments: plan.segmented.segments.length,
    counts: plan.counts,
    changes: plan.items.filter((i) => i.type !== 'unchanged' || i.moved),
  };
}
