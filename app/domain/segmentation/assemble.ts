import type { InlineSpan } from './inline-spans';
import { encodeSegment } from './segment-codes';
import { splitSentences } from './sentences';
import type { CompiledRules } from './srx';
import {
  UNTRANSLATABLE_KINDS,
  type SegmentKind,
  type SegmentedDocument,
  type SourceBlock,
  type SourceMediaType,
  type SourceSegment,
} from './types';

/** One piece of a block's content that becomes one segment, or several when `splitSentences` is set. */
export interface ContentPiece {
  start: number;
  end: number;
  kind: SegmentKind;
  splitSentences: boolean;
}

/** What a block layer (plain text, Markdown) hands to the sentence layer. */
export interface BlockPlan {
  block: Omit<SourceBlock, 'index'>;
  pieces: ContentPiece[];
  spans: InlineSpan[];
  /** Line breaks inside this block are soft (Markdown, hard-wrapped prose): the translator sees one line. */
  softLineBreaks: boolean;
}

export interface AssembleOptions {
  mediaType: SourceMediaType;
  rules: CompiledRules;
  /** Kinds that are kept but not offered for translation beyond metadata and non-translatable ones. */
  untranslatedKinds?: ReadonlySet<SegmentKind>;
}

/** Runs sentence breaking over every block plan and numbers the inline codes of each segment. */
export function assembleDocument(text: string, plans: readonly BlockPlan[], options: AssembleOptions): SegmentedDocument {
  const blocks: SourceBlock[] = [];
  const segments: SourceSegment[] = [];
  for (const plan of plans) {
    const index = blocks.length;
    blocks.push({ ...plan.block, index });
    const spans = [...plan.spans].sort((a, b) => a.start - b.start);
    for (const piece of plan.pieces) {
      const ranges = piece.splitSentences
        ? splitSentences(text, piece.start, piece.end, spans, options.rules)
        : [trim(text, piece.start, piece.end)].filter((r) => r.end > r.start);
      for (const range of ranges) {
        const { placeholderText, codes } = encodeSegment(text, range.start, range.end, spans, {
          collapseLineBreaks: plan.softLineBreaks,
        });
        const translatable = !UNTRANSLATABLE_KINDS.has(piece.kind) && !(options.untranslatedKinds?.has(piece.kind) ?? false);
        segments.push({
          text: text.slice(range.start, range.end),
          kind: piece.kind,
          label: piece.kind === 'list-item' ? plan.block.label : null,
          start: range.start,
          end: range.end,
          block: index,
          translatable,
          placeholderText,
          codes,
        });
      }
    }
  }
  return { mediaType: options.mediaType, text, blocks, segments };
}

const SPACE = /[\s\u00a0\u200b\ufeff]/;

export function trim(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && SPACE.test(text[start])) start++;
  while (end > start && SPACE.test(text[end - 1])) end--;
  return { start, end };
}
