import { and, asc, eq } from 'drizzle-orm';
import { documents, projects, sourceBlocks, sourceSegments } from '../../db/schema';
import type { BlockType, InlineCode } from '~/domain/segmentation/types';
import type { StateName } from '~/domain/translation-state';
import { getDb, type Db } from './database.server';
import { loadEditor } from './editor.server';
import { authorize, type Actor } from './permissions.server';
import { approveSegments } from './review.server';
import { resolveDocumentLanguage } from './segments.server';

/**
 * The reading mode: one document in one language, assembled in its own layout (headings, paragraphs, lists,
 * signatories) so a reviewer reads it as a reader will, and approves from there.
 */

/** How a sentence shows in the reading mode: its translation (approved or not), or the source in its place. */
export type ReadingStatus = 'approved' | 'unapproved' | 'untranslated' | 'source';

export interface ReadingSegment {
  key: string;
  kind: string;
  translatable: boolean;
  placeholderText: string;
  codes: Omit<InlineCode, 'close'>[];
  target: { text: string; state: StateName; version: number; byViewer: boolean } | null;
  status: ReadingStatus;
}

export interface ReadingBlock {
  index: number;
  type: BlockType;
  level: number;
  label: string | null;
  group: number | null;
  ordered: boolean;
  segments: ReadingSegment[];
}

type DocumentAddress = { project: string; document: string; lang: string };

function readingStatus(segment: { translatable: boolean; target: { text: string; state: StateName } | null }): ReadingStatus {
  if (!segment.translatable) return 'source';
  const { target } = segment;
  if (!target || target.state === 'untranslated' || target.text.trim() === '') return 'untranslated';
  return target.state === 'approved' ? 'approved' : 'unapproved';
}

/** Everything the reading page shows: the blocks of the current source version in order, each with its sentences. */
export function loadReading(address: DocumentAddress & { viewer: Actor }, db: Db = getDb()) {
  // One read snapshot: a source import between the two reads would pair one version's segments with another's blocks.
  return db.$client.transaction(() => {
    const editor = loadEditor(address, db);
    const rows = db.select({
      index: sourceBlocks.blockIndex, type: sourceBlocks.type, level: sourceBlocks.level, label: sourceBlocks.label,
      group: sourceBlocks.listGroup, ordered: sourceBlocks.ordered, position: sourceSegments.position,
    }).from(documents)
      .innerJoin(projects, eq(projects.id, documents.projectId))
      .leftJoin(sourceBlocks, eq(sourceBlocks.versionId, documents.currentVersionId))
      .leftJoin(sourceSegments, and(eq(sourceSegments.versionId, sourceBlocks.versionId), eq(sourceSegments.blockIndex, sourceBlocks.blockIndex)))
      .where(and(eq(projects.slug, address.project), eq(documents.slug, address.document)))
      .orderBy(asc(sourceBlocks.blockIndex), asc(sourceSegments.position))
      .all();

    const byPosition = new Map(editor.segments.map((s) => [s.position, s]));
    const blocks: ReadingBlock[] = [];
    for (const row of rows) {
      if (row.index === null) continue;
      let block = blocks[blocks.length - 1];
      if (block?.index !== row.index) {
        block = { index: row.index, type: row.type as BlockType, level: row.level!, label: row.label, group: row.group, ordered: row.ordered!, segments: [] };
        blocks.push(block);
      }
      const segment = row.position === null ? undefined : byPosition.get(row.position);
      if (!segment) continue;
      block.segments.push({
        key: segment.key, kind: segment.kind, translatable: segment.translatable, placeholderText: segment.placeholderText,
        // The page renders what a reader sees: the closing markup of codes is never shown.
        codes: segment.codes.map(({ close: _close, ...code }) => code),
        target: segment.target ? { text: segment.target.text, state: segment.target.state, version: segment.target.version, byViewer: segment.target.byViewer } : null,
        status: readingStatus(segment),
      });
    }

    const counts = { approved: 0, unapproved: 0, untranslated: 0 };
    for (const block of blocks) for (const s of block.segments) if (s.status !== 'source') counts[s.status]++;
    return {
      project: editor.project,
      document: editor.document,
      lang: editor.lang,
      blocks,
      counts,
      mayReview: editor.may.review,
      /** False where the project forbids approving one's own translation: those sentences get no box. */
      approveOwn: editor.may.approveOwn,
    };
  })();
}

export type ReadingData = ReturnType<typeof loadReading>;

/**
 * Approves the sentences a reviewer selected in the reading mode, each on its own (one refusal does not stop
 * the rest). Someone who may not review this language is refused as a whole (403, logged by the action),
 * not sentence by sentence — even with nothing selected.
 */
export function approveFromReading(
  input: DocumentAddress & { userId: number; items: { segment: string; version: number }[] },
  db: Db = getDb(),
) {
  const place = resolveDocumentLanguage(db, input.project, input.document, input.lang, input.userId);
  authorize(input.userId, 'review', place.project, place.lang, db);
  return approveSegments(input, db);
}
