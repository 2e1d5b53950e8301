import { and, eq } from 'drizzle-orm';
import { documents, projectLanguages, projects, segments, sourceSegments } from '../../db/schema';
import { AppError } from '~/domain/errors';
import type { InlineCode } from '~/domain/segmentation/types';
import type { Db } from './database.server';
import { can, type Actor } from './permissions.server';

type Reader = Pick<Db, 'select'>;

export interface DocumentLanguage {
  project: typeof projects.$inferSelect;
  document: typeof documents.$inferSelect & { currentVersionId: number };
  lang: string;
}

/**
 * Finds project, document and target language from the URL's words; one 404 for any of them missing,
 * so the answer does not tell which part exists.
 */
export function resolveDocumentLanguage(db: Reader, projectSlug: string, documentSlug: string, lang: string, viewer: Actor): DocumentLanguage {
  const row = db.select({ project: projects, document: documents })
    .from(documents)
    .innerJoin(projects, eq(projects.id, documents.projectId))
    .innerJoin(projectLanguages, and(eq(projectLanguages.projectId, projects.id), eq(projectLanguages.lang, lang)))
    .where(and(eq(projects.slug, projectSlug), eq(documents.slug, documentSlug)))
    .get();
  // A project the viewer may not read looks exactly like one that does not exist (security.md AZ-05).
  if (!row || row.document.currentVersionId === null || !can(viewer, 'read', row.project.id, null, db)) {
    throw new AppError('not_found', 404, 'no such document or language', { project: projectSlug, document: documentSlug, lang });
  }
  return { project: row.project, document: { ...row.document, currentVersionId: row.document.currentVersionId }, lang };
}

export interface ResolvedSegment extends DocumentLanguage {
  segmentId: number;
  key: string;
  sourceText: string;
  placeholderText: string;
  codes: InlineCode[];
  translatable: boolean;
  wordCount: number;
}

/** A segment of the document's current source version, by its stable key. */
export function resolveSegment(db: Reader, projectSlug: string, documentSlug: string, lang: string, key: string, viewer: Actor): ResolvedSegment {
  const place = resolveDocumentLanguage(db, projectSlug, documentSlug, lang, viewer);
  const row = db.select({
    segmentId: segments.id,
    key: segments.key,
    sourceText: sourceSegments.text,
    placeholderText: sourceSegments.placeholderText,
    codes: sourceSegments.codes,
    translatable: sourceSegments.translatable,
    wordCount: sourceSegments.wordCount,
  }).from(segments)
    .innerJoin(sourceSegments, and(eq(sourceSegments.segmentId, segments.id), eq(sourceSegments.versionId, place.document.currentVersionId)))
    .where(and(eq(segments.documentId, place.document.id), eq(segments.key, key)))
    .get();
  if (!row) throw new AppError('not_found', 404, 'no such segment', { segment: key });
  return { ...place, ...row, codes: JSON.parse(row.codes) as InlineCode[] };
}
