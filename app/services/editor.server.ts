import { and, asc, eq } from 'drizzle-orm';
import { segments, sourceBlocks, sourceSegments, translations, users } from '../../db/schema';
import { languageInfo } from '~/domain/languages';
import type { InlineCode } from '~/domain/segmentation/types';
import { stateName, type StateName } from '~/domain/translation-state';
import { getDb, type Db } from './database.server';
import { resolveDocumentLanguage } from './segments.server';

export interface EditorSegment {
  key: string;
  position: number;
  kind: string;
  label: string | null;
  blockIndex: number;
  blockType: string;
  placeholderText: string;
  codes: InlineCode[];
  translatable: boolean;
  wordCount: number;
  target: {
    text: string;
    state: StateName;
    version: number;
    reason: string | null;
    updatedAt: number;
    updatedBy: string | null;
  } | null;
}

/** Everything the editor page of one document × language shows, in document order, in one query. */
export function loadEditor(address: { project: string; document: string; lang: string }, db: Db = getDb()) {
  const place = resolveDocumentLanguage(db, address.project, address.document, address.lang);
  const versionId = place.document.currentVersionId;
  const rows = db.select({
    key: segments.key,
    position: sourceSegments.position,
    kind: sourceSegments.kind,
    label: sourceSegments.label,
    blockIndex: sourceSegments.blockIndex,
    blockType: sourceBlocks.type,
    placeholderText: sourceSegments.placeholderText,
    codes: sourceSegments.codes,
    translatable: sourceSegments.translatable,
    wordCount: sourceSegments.wordCount,
    text: translations.text,
    state: translations.state,
    version: translations.version,
    reason: translations.reason,
    updatedAt: translations.updatedAt,
    updatedBy: users.name,
  }).from(sourceSegments)
    .innerJoin(segments, eq(segments.id, sourceSegments.segmentId))
    .innerJoin(sourceBlocks, and(eq(sourceBlocks.versionId, sourceSegments.versionId), eq(sourceBlocks.blockIndex, sourceSegments.blockIndex)))
    .leftJoin(translations, and(eq(translations.segmentId, sourceSegments.segmentId), eq(translations.lang, address.lang)))
    .leftJoin(users, eq(users.id, translations.updatedBy))
    .where(eq(sourceSegments.versionId, versionId))
    .orderBy(asc(sourceSegments.position))
    .all();

  const editorSegments: EditorSegment[] = rows.map((r) => ({
    key: r.key, position: r.position, kind: r.kind, label: r.label, blockIndex: r.blockIndex, blockType: r.blockType,
    placeholderText: r.placeholderText, codes: JSON.parse(r.codes) as InlineCode[], translatable: r.translatable,
    wordCount: r.wordCount,
    target: r.version === null ? null : {
      text: r.text!, state: stateName(r.state!), version: r.version, reason: r.reason, updatedAt: r.updatedAt!, updatedBy: r.updatedBy,
    },
  }));
  return {
    project: { slug: place.project.slug, title: place.project.title, sourceLang: languageInfo(place.project.sourceLang) },
    document: { slug: place.document.slug, title: place.document.title },
    lang: languageInfo(place.lang),
    segments: editorSegments,
  };
}

export type EditorData = ReturnType<typeof loadEditor>;
