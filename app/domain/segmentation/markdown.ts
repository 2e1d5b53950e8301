import type { Nodes, Parents, PhrasingContent, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { trim, type BlockPlan } from './assemble';
import { contentKind } from './content-kind';
import { findTextSpans, type InlineSpan } from './inline-spans';
import type { BlockType, SegmentKind } from './types';

/**
 * The block layer for `text/markdown` (CommonMark with GFM footnotes; gold FORMAT.md rules 2, 8, 9, 14):
 * headings, paragraphs, list items and block quotes are blocks; block syntax (`#`, `-`, `>`) stays outside
 * the segments; inline markup becomes inline codes.
 */
export function planMarkdown(text: string): BlockPlan[] {
  const tree = fromMarkdown(text, { extensions: [gfmFootnote()], mdastExtensions: [gfmFootnoteFromMarkdown()] });
  const plans: BlockPlan[] = [];
  const context: WalkContext = { text, plans, group: 0 };
  for (const node of tree.children) planBlock(node, context, { depth: 0, quote: false, label: null, group: null, ordered: false });
  return plans;
}

interface WalkContext {
  text: string;
  plans: BlockPlan[];
  group: number;
}

interface Place {
  depth: number;
  quote: boolean;
  /** The list marker of the item this block opens, verbatim. */
  label: string | null;
  group: number | null;
  ordered: boolean;
}

function planBlock(node: RootContent, context: WalkContext, place: Place): void {
  const { text } = context;
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? start;
  switch (node.type) {
    case 'heading': {
      const range = childrenRange(node, start, end);
      pushBlock(context, 'heading', node.depth, null, null, false, start, end, range, 'heading', false, node.children);
      return;
    }
    case 'paragraph': {
      const range = childrenRange(node, start, end);
      const spans = phrasingSpans(text, node.children);
      const kind = contentKind(text, range, spans, place.label !== null || place.group !== null);
      const type: BlockType = kind === 'metadata' ? 'metadata' : kind === 'non-translatable' ? 'raw'
        : place.label !== null || place.group !== null ? 'list-item' : place.quote ? 'quote' : 'paragraph';
      context.plans.push({
        block: { type, level: place.depth, label: place.label, group: place.group, ordered: place.ordered, start, end },
        pieces: [{ ...range, kind, splitSentences: kind === 'paragraph-sentence' || kind === 'list-item' }],
        spans,
        softLineBreaks: true,
      });
      return;
    }
    case 'list': {
      const group = context.group++;
      for (const item of node.children) {
        const itemStart = item.position?.start.offset ?? start;
        const firstChild = item.children[0];
        const labelEnd = firstChild?.position?.start.offset ?? item.position?.end.offset ?? itemStart;
        const label = text.slice(itemStart, labelEnd).trim().split(/\s+/)[0] || null;
        item.children.forEach((child, i) => planBlock(child, context, {
          depth: child.type === 'list' ? place.depth + 1 : place.depth,
          quote: place.quote,
          label: i === 0 ? label : null,
          group,
          ordered: node.ordered ?? false,
        }));
        if (item.children.length === 0 && label) {
          pushBlock(context, 'list-item', place.depth, label, group, node.ordered ?? false, itemStart, labelEnd, { start: labelEnd, end: labelEnd }, 'list-item', false, []);
        }
      }
      return;
    }
    case 'blockquote':
      for (const child of node.children) planBlock(child, context, { ...place, quote: true });
      return;
    case 'footnoteDefinition':
      node.children.forEach((child, i) => planBlock(child, context, { ...place, label: i === 0 ? `[^${node.label ?? node.identifier}]:` : null }));
      return;
    case 'thematicBreak':
      context.plans.push({ block: blockAt('rule', place, start, end), pieces: [], spans: [], softLineBreaks: false });
      return;
    case 'code':
    case 'html':
    case 'definition':
      pushBlock(context, node.type === 'code' ? 'code' : 'raw', place.depth, null, null, false, start, end, trim(text, start, end), 'non-translatable', false, []);
      return;
    default:
      // Tables and other extensions are not enabled; anything else is kept verbatim and not translated.
      pushBlock(context, 'raw', place.depth, null, null, false, start, end, trim(text, start, end), 'non-translatable', false, []);
  }
}

function blockAt(type: BlockType, place: Place, start: number, end: number): BlockPlan['block'] {
  return { type, level: place.depth, label: null, group: null, ordered: false, start, end };
}

function pushBlock(
  context: WalkContext, type: BlockType, level: number, label: string | null, group: number | null, ordered: boolean,
  start: number, end: number, range: { start: number; end: number }, kind: SegmentKind, split: boolean,
  phrasing: PhrasingContent[],
) {
  context.plans.push({
    block: { type, level, label, group, ordered, start, end },
    pieces: range.end > range.start ? [{ ...range, kind, splitSentences: split }] : [],
    spans: phrasingSpans(context.text, phrasing),
    softLineBreaks: true,
  });
}

function childrenRange(node: Parents, start: number, end: number): { start: number; end: number } {
  const first = node.children[0];
  const last = node.children[node.children.length - 1];
  return {
    start: first?.position?.start.offset ?? start,
    end: last?.position?.end.offset ?? end,
  };
}

/** Inline markup of Markdown phrasing content as spans, plus URLs and references found in its text. */
function phrasingSpans(text: string, nodes: readonly PhrasingContent[]): InlineSpan[] {
  const spans: InlineSpan[] = [];
  const visit = (node: Nodes) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    switch (node.type) {
      case 'text':
        spans.push(...findTextSpans(text, start, end));
        return;
      case 'link':
      case 'linkReference': {
        const href = node.type === 'link' ? node.url : undefined;
        if (text[start] === '<' || node.children.length === 0) {
          spans.push(standalone(text[start] === '<' ? (href?.startsWith('mailto:') ? 'email' : 'url') : 'link', start, end, href));
          return;
        }
        const innerStart = node.children[0].position?.start.offset ?? start;
        const innerEnd = node.children[node.children.length - 1].position?.end.offset ?? end;
        spans.push({ kind: 'link', start, end, paired: true, innerStart, innerEnd, unbreakable: true, ...(href ? { href } : {}) });
        node.children.forEach(visit);
        return;
      }
      case 'emphasis':
      case 'strong':
      case 'delete': {
        if (node.children.length === 0) return;
        const innerStart = node.children[0].position?.start.offset ?? start;
        const innerEnd = node.children[node.children.length - 1].position?.end.offset ?? end;
        spans.push({ kind: node.type === 'strong' ? 'strong' : 'emphasis', start, end, paired: true, innerStart, innerEnd, unbreakable: false });
        node.children.forEach(visit);
        return;
      }
      case 'inlineCode':
        spans.push(standalone('code', start, end));
        return;
      case 'footnoteReference':
        spans.push(standalone('footnote-ref', start, end));
        return;
      case 'image':
      case 'imageReference':
      case 'html':
        spans.push(standalone('markup', start, end));
        return;
      default:
        if ('children' in node) (node.children as Nodes[]).forEach(visit);
    }
  };
  nodes.forEach(visit);
  return spans;
}

function standalone(kind: InlineSpan['kind'], start: number, end: number, href?: string): InlineSpan {
  return { kind, start, end, paired: false, innerStart: end, innerEnd: end, unbreakable: true, ...(href ? { href } : {}) };
}
