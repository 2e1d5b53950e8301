import type { InlineSpan } from './inline-spans';
import type { SegmentKind } from './types';

const METADATA_LABEL = /^(?:source(?: url)?|url|links?|tags?|categories|filed under|posted(?: on)?|published|updated|last updated|date|permalink)\s*:/i;

/**
 * Kind of a block of structured text (Markdown, HTML) by its content (gold FORMAT.md rule 13):
 * `**Source URL:** <…>` and `**Links:**` are metadata; a paragraph or item with nothing but URLs and reference
 * numbers (`[1] <http://…>`) is non-translatable; the rest is running text or a list item.
 */
export function contentKind(text: string, range: { start: number; end: number }, spans: readonly InlineSpan[], listItem: boolean): SegmentKind {
  const visible = visibleText(text, range, spans);
  if (METADATA_LABEL.test(visible.replace(/^[*_\s]+/, ''))) return 'metadata';
  if (!/[\p{L}\p{N}]/u.test(visible)) return 'non-translatable';
  return listItem ? 'list-item' : 'paragraph-sentence';
}

/** The text of a range with standalone codes and markup delimiters removed: what is left to translate. */
function visibleText(text: string, range: { start: number; end: number }, spans: readonly InlineSpan[]): string {
  let out = '';
  let cursor = range.start;
  const cuts = spans
    .flatMap((s) => (s.paired ? [{ start: s.start, end: s.innerStart }, { start: s.innerEnd, end: s.end }] : [{ start: s.start, end: s.end }]))
    .sort((a, b) => a.start - b.start);
  for (const cut of cuts) {
    if (cut.start < cursor) continue;
    out += text.slice(cursor, cut.start);
    cursor = cut.end;
  }
  return out + text.slice(cursor, range.end);
}
