import { createHash } from 'node:crypto';
import { eq, max } from 'drizzle-orm';
import type { Db } from '../../db/connection';
import { documents, segments, sourceBlocks, sourceSegments, sourceVersions } from '../../db/schema';
import { segmentDocument, type SourceMediaType } from '~/domain/segmentation';
import { countWords } from '~/domain/text/word-count';
import type { ProjectRef } from './projects.server';
import { defaultSentenceRules } from './segmentation-rules.server';

type Tx = Pick<Db, 'select' | 'insert' | 'update'>;

/**
 * Creates a document with its first source version: the bytes as received, the blocks of its layout and
 * its segments with stable keys. Runs inside the caller's write transaction (all or nothing).
 */
export function createDocument(
  tx: Tx,
  input: {
    project: ProjectRef;
    slug: string;
    title: string;
    content: string;
    mediaType: SourceMediaType;
    fileName: string | null;
    createdBy: number | null;
  },
) {
  const position = (tx.select({ n: max(documents.position) }).from(documents).where(eq(documents.projectId, input.project.id)).get()?.n ?? -1) + 1;
  const [doc] = tx.insert(documents)
    .values({ projectId: input.project.id, slug: input.slug, title: input.title, position })
    .returning({ id: documents.id }).all();
  const [version] = tx.insert(sourceVersions).values({
    documentId: doc.id,
    number: 1,
    mediaType: input.mediaType,
    fileName: input.fileName,
    content: input.content,
    sha256: createHash('sha256').update(input.content, 'utf8').digest('hex'),
    createdBy: input.createdBy,
  }).returning({ id: sourceVersions.id }).all();

  const segmented = segmentDocument(input.content, input.mediaType, {
    rules: defaultSentenceRules(input.project.sourceLang), translateSignatories: input.project.translateSignatories,
  });
  for (const block of segmented.blocks) {
    tx.insert(sourceBlocks).values({
      versionId: version.id, blockIndex: block.index, type: block.type, level: block.level, label: block.label,
      listGroup: block.group, ordered: block.ordered,
    }).run();
  }
  const keys = segmentKeys(segmented.segments.map((s) => s.text));
  segmented.segments.forEach((segment, position) => {
    const [row] = tx.insert(segments).values({ documentId: doc.id, key: keys[position] }).returning({ id: segments.id }).all();
    tx.insert(sourceSegments).values({
      versionId: version.id,
      position,
      segmentId: row.id,
      blockIndex: segment.block,
      kind: segment.kind,
      label: segment.label,
      text: segment.text,
      placeholderText: segment.placeholderText,
      codes: JSON.stringify(segment.codes),
      translatable: segment.translatable,
      wordCount: countWords(segment.placeholderText, input.project.sourceLang),
      startOffset: segment.start,
      endOffset: segment.end,
    }).run();
  });
  tx.update(documents).set({ currentVersionId: version.id }).where(eq(documents.id, doc.id)).run();
  return { id: doc.id, versionId: version.id, segments: segmented.segments.length };
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
