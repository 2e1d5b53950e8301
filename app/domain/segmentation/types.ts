/**
 * The words of segmentation, as in ../../../docs (DESIGN.md "Segment", gold FORMAT.md "Kinds").
 * Offsets are UTF-16 code unit indices into the source text, like JavaScript string indices.
 */

export const SEGMENT_KINDS = [
  'heading',
  'paragraph-sentence',
  'list-item',
  'signatory',
  'metadata',
  'non-translatable',
] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

/** Kinds that are kept as part of the page but never offered for translation. */
export const UNTRANSLATABLE_KINDS: ReadonlySet<SegmentKind> = new Set(['metadata', 'non-translatable']);

/**
 * A block is one unit of the document's layout: what a reader sees as a heading, a paragraph, one item of a
 * list, one signatory, a separator. Segments belong to exactly one block; a block may hold no segment at all
 * (a Markdown thematic break) and is still kept so the document can be reassembled in its own layout.
 */
export type BlockType =
  | 'heading'
  | 'paragraph'
  | 'list-item'
  | 'quote'
  | 'signatory'
  | 'metadata'
  | 'raw'
  | 'rule'
  | 'code'
  | 'footnote';

export interface SourceBlock {
  index: number;
  type: BlockType;
  /** Heading level (1–6) for headings; nesting depth (0-based) for list items and quotes. */
  level: number;
  /** List marker or clause number as written in the source (`•`, `1.`, `a)`), list items only. */
  label: string | null;
  /** Consecutive list items (or signatories) that form one list share a group number. */
  group: number | null;
  ordered: boolean;
  start: number;
  end: number;
}

/**
 * Inline markup that the translator keeps but does not edit. `paired` codes wrap text ({1}…{/1});
 * `standalone` ones stand for a piece of source ({2/}). `open`/`close` hold the original markup so the
 * source can be rebuilt byte for byte and exported (XLIFF <g>/<x/>, <pc>/<ph/>).
 */
export type InlineCodeKind =
  | 'link'
  | 'emphasis'
  | 'strong'
  | 'code'
  | 'url'
  | 'email'
  | 'footnote-ref'
  | 'obfuscated-email'
  | 'bookmark'
  | 'markup'
  | 'placeholder-like';

export interface InlineCode {
  id: number;
  kind: InlineCodeKind;
  paired: boolean;
  /** Source markup before the wrapped text (paired) or the whole piece (standalone). */
  open: string;
  /** Source markup after the wrapped text; empty for standalone codes. */
  close: string;
  /** Where the link points, for links and URLs (shown as a tooltip, used when publishing). */
  href?: string;
}

export interface SourceSegment {
  /** Exact source text of the segment, trimmed of surrounding whitespace (gold FORMAT.md). */
  text: string;
  kind: SegmentKind;
  label: string | null;
  start: number;
  end: number;
  block: number;
  translatable: boolean;
  /** The text a translator sees: inline markup replaced by numbered placeholders. */
  placeholderText: string;
  codes: InlineCode[];
}

export interface SegmentedDocument {
  mediaType: SourceMediaType;
  /**
   * The text the segments' offsets refer to: the source itself for plain text and Markdown; for HTML a clean
   * working text (blocks separated by blank lines, entities decoded, only our own inline tags).
   */
  text: string;
  blocks: SourceBlock[];
  segments: SourceSegment[];
}

export const SOURCE_MEDIA_TYPES = ['text/plain', 'text/markdown', 'text/html'] as const;
export type SourceMediaType = (typeof SOURCE_MEDIA_TYPES)[number];
