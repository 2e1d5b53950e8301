import type { SourceMediaType } from '~/domain/segmentation';
import type { projects } from '../../db/schema';
import type { WriteTx } from './database.server';
import { planImport, textSource, writeImport } from './sources.server';

/**
 * Creates a document with its first source version from text, inside the caller's write transaction: the
 * seed, and tests that need a document of their own. Files from people go through sources.server (checks,
 * preview, updates).
 */
export function createDocument(
  tx: WriteTx,
  input: {
    project: typeof projects.$inferSelect;
    slug: string;
    title: string;
    content: string;
    mediaType: SourceMediaType;
    fileName: string | null;
    createdBy: number | null;
  },
) {
  const source = textSource(input.fileName ?? `${input.slug}.txt`, input.content, input.mediaType);
  const plan = planImport(tx, { project: input.project, documentSlug: input.slug, title: input.title, source });
  const result = writeImport(tx, plan, input.createdBy);
  return { id: result.documentId, versionId: result.versionId, segments: result.segments };
}
