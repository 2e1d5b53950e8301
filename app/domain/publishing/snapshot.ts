import { AppError } from '../errors';
import type { BlockType, InlineCode } from '../segmentation/types';
import type { StateName } from '../translation-state';

/**
 * What a publication holds (DESIGN.md "Publication"): one document in one language, assembled in its own layout,
 * each sentence the approved translation — or, where the project allows it, the source in its place, marked —
 * and every non-translatable segment (metadata lines, signatories by default) as the source has it. Plain data:
 * the page, the downloads and the static site are all rendered from it, and it never changes once stored.
 */

export type PublishFallback = 'refuse' | 'source';

export interface PublishedSentence {
  key: string;
  /** With placeholders ({1}…{/1}); codes give their markup. */
  text: string;
  codes: Omit<InlineCode, 'close'>[];
  /** Shown in the source language: not translated (non-translatable), or not approved and the project falls back. */
  inSource: boolean;
  /** The source stands in for a translation that was not approved: readers see it marked. */
  fallback: boolean;
}

export interface PublishedBlock {
  index: number;
  type: BlockType;
  level: number;
  label: string | null;
  group: number | null;
  ordered: boolean;
  sentences: PublishedSentence[];
}

export interface PublicationSnapshot {
  project: { slug: string; title: string };
  document: { slug: string; title: string };
  lang: string;
  sourceLang: string;
  blocks: PublishedBlock[];
}

/** A block as the reading service gives it: its segments with their source and current translation. */
export interface SnapshotInputBlock extends Omit<PublishedBlock, 'sentences'> {
  segments: {
    key: string;
    kind: string;
    translatable: boolean;
    placeholderText: string;
    codes: Omit<InlineCode, 'close'>[];
    target: { text: string; state: StateName } | null;
  }[];
}

export interface SnapshotPlan {
  snapshot: PublicationSnapshot;
  approved: number;
  /** Keys of translatable segments without an approved translation. */
  missing: string[];
}

/** The snapshot a publication would hold now, and what is missing; no refusal here (the preview shows it). */
export function planSnapshot(
  head: Omit<PublicationSnapshot, 'blocks'>,
  blocks: readonly SnapshotInputBlock[],
  options: { includeMetadata: boolean } = { includeMetadata: true },
): SnapshotPlan {
  let approved = 0;
  const missing: string[] = [];
  // Metadata lines ("Updated 14 November 2012") are the project's choice; a block left with nothing is left out.
  const kept = options.includeMetadata ? blocks : blocks
    .map((b) => ({ ...b, segments: b.segments.filter((s) => s.kind !== 'metadata') }))
    .filter((b, i) => b.segments.length > 0 || blocks[i].segments.length === 0);
  const out = kept.map(({ segments, ...block }): PublishedBlock => ({
    ...block,
    sentences: segments.map((s): PublishedSentence => {
      if (!s.translatable) return { key: s.key, text: s.placeholderText, codes: s.codes, inSource: true, fallback: false };
      if (s.target && s.target.state === 'approved' && s.target.text.trim() !== '') {
        approved++;
        return { key: s.key, text: s.target.text, codes: s.codes, inSource: false, fallback: false };
      }
      missing.push(s.key);
      return { key: s.key, text: s.placeholderText, codes: s.codes, inSource: true, fallback: true };
    }),
  }));
  return { snapshot: { ...head, blocks: out }, approved, missing };
}

/** Refuses to publish when segments are not approved and the project does not fall back to the source. */
export function checkPublishable(plan: SnapshotPlan, fallback: PublishFallback): void {
  if (plan.missing.length && fallback === 'refuse') {
    throw new AppError('not_ready_to_publish', 409, `${plan.missing.length} segment(s) are not approved yet`,
      { missing: plan.missing.length, keys: plan.missing.slice(0, 50), approved: plan.approved });
  }
  if (plan.approved === 0) {
    throw new AppError('not_ready_to_publish', 409, 'nothing in this language is approved yet', { missing: plan.missing.length, approved: 0, keys: plan.missing.slice(0, 50) });
  }
}
