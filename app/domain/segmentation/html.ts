import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import type { BlockPlan } from './assemble';
import { contentKind } from './content-kind';
import { findTextSpans, type InlineSpan } from './inline-spans';
import type { BlockType, InlineCodeKind, SegmentKind } from './types';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/**
 * The block layer for `text/html` (web pages, and Word files through mammoth). HTML is parsed by parse5, as a
 * browser would, and rewritten as a clean working text: one block per heading, paragraph, list item, quote or
 * table cell, separated by blank lines; entities decoded; inline markup kept as tags we generate ourselves
 * (`<a href="…">`, `<em>`, `<strong>`, `<br>` …) which become the segment's inline codes. Nothing else of the
 * original markup survives: scripts, styles, event attributes, inline styles and unknown attributes are never
 * kept, and a link keeps its address only when it is http(s), mailto, tel or relative.
 */
export function planHtml(html: string): { text: string; plans: BlockPlan[] } {
  const document = parse(html);
  const builder = new Builder();
  const body = findElement(document as unknown as Node, 'body');
  if (body) builder.blockChildren(body, { depth: 0, quote: false, list: null });
  return { text: builder.text, plans: builder.plans };
}

const DROPPED = new Set([
  'script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'title', 'meta',
  'link', 'canvas', 'video', 'audio', 'select', 'textarea', 'input', 'button', 'form', 'nav',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const PARAGRAPH_LIKE = new Set(['p', 'dt', 'dd', 'figcaption', 'caption', 'td', 'th', 'summary', 'address']);
const CONTAINERS = new Set([
  'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'body', 'table', 'thead', 'tbody', 'tfoot', 'tr',
  'dl', 'figure', 'details', 'center', 'font', 'span',
]);
const EMPHASIS: Record<string, InlineCodeKind> = { em: 'emphasis', i: 'emphasis', strong: 'strong', b: 'strong' };
/** Inline elements kept as neutral markup around their text; any other unknown inline element too. */
const KEPT_INLINE = new Set(['u', 's', 'small', 'sub', 'sup', 'mark', 'abbr', 'cite', 'q', 'span', 'del', 'ins', 'bdi', 'bdo', 'time']);
const CODE_LIKE = new Set(['code', 'kbd', 'samp', 'var']);
const SAFE_HREF = /^(?:https?:|mailto:|tel:|#|\/|\.{0,2}\/|[^:/?#]+(?:[/?#]|$))/i;

interface Place {
  depth: number;
  quote: boolean;
  list: { group: number; ordered: boolean; next: number } | null;
}

class Builder {
  text = '';
  plans: BlockPlan[] = [];
  private group = 0;
  private inline: Inline | null = null;

  blockChildren(parent: Element, place: Place) {
    for (const child of parent.childNodes) this.node(child, place);
    this.flushInline(place);
  }

  private node(node: Node, place: Place) {
    if (node.nodeName === '#text' || node.nodeName === '#comment') {
      if (node.nodeName === '#text') this.inlineRun(place).text((node as DefaultTreeAdapterMap['textNode']).value);
      return;
    }
    if (!('tagName' in node)) return;
    const element = node as Element;
    const tag = element.tagName.toLowerCase();
    if (DROPPED.has(tag)) return;
    if (HEADINGS.has(tag)) return this.block(element, place, 'heading', Number(tag[1]) - 1, null, 'heading');
    if (PARAGRAPH_LIKE.has(tag)) return this.block(element, place, place.quote ? 'quote' : 'paragraph', place.depth, null, null);
    if (tag === 'li') {
      const list = place.list;
      const label = list?.ordered ? `${list.next++}.` : '•';
      return this.listItem(element, place, label);
    }
    if (tag === 'ul' || tag === 'ol') {
      this.flushInline(place);
      const start = Number(attribute(element, 'start') ?? 1);
      const list = { group: this.group++, ordered: tag === 'ol', next: Number.isFinite(start) ? start : 1 };
      this.blockChildren(element, { ...place, depth: place.list ? place.depth + 1 : place.depth, list });
      return;
    }
    if (tag === 'blockquote') {
      this.flushInline(place);
      this.blockChildren(element, { ...place, quote: true });
      return;
    }
    if (tag === 'pre') return this.block(element, place, 'code', place.depth, null, 'non-translatable');
    if (tag === 'hr') {
      this.flushInline(place);
      this.startBlock();
      this.plans.push({ block: { type: 'rule', level: place.depth, label: null, group: null, ordered: false, start: this.text.length, end: this.text.length }, pieces: [], spans: [], softLineBreaks: true });
      return;
    }
    if (CONTAINERS.has(tag) && hasBlockChild(element)) {
      this.flushInline(place);
      this.blockChildren(element, place);
      return;
    }
    // Inline content directly in a container (text in a <div>, a <span> between paragraphs): a paragraph of its own.
    this.inlineRun(place).element(element);
  }

  private listItem(element: Element, place: Place, label: string) {
    this.flushInline(place);
    const inner: Node[] = [];
    const nested: Element[] = [];
    for (const child of element.childNodes) {
      if ('tagName' in child && (child.tagName === 'ul' || child.tagName === 'ol')) nested.push(child as Element);
      else inner.push(child);
    }
    const itemPlace = { ...place };
    // A list item made of paragraphs (Word through mammoth writes <li><p>…</p></li>): the first carries the label.
    if (inner.some((c) => 'tagName' in c && PARAGRAPH_LIKE.has((c as Element).tagName))) {
      let first = true;
      for (const child of inner) {
        if ('tagName' in child && PARAGRAPH_LIKE.has((child as Element).tagName)) {
          this.block(child as Element, itemPlace, 'list-item', place.depth, first ? label : null, null);
          first = false;
        } else this.node(child, itemPlace);
      }
      this.flushInline(itemPlace);
    } else {
      this.blockFrom(inner, place, 'list-item', place.depth, label, null);
    }
    for (const list of nested) this.node(list, place);
  }

  private block(element: Element, place: Place, type: BlockType, level: number, label: string | null, kind: SegmentKind | null) {
    this.flushInline(place);
    this.blockFrom(element.childNodes, place, type, level, label, kind);
  }

  private blockFrom(nodes: Node[], place: Place, type: BlockType, level: number, label: string | null, kind: SegmentKind | null) {
    this.startBlock();
    const inline = new Inline(this);
    for (const child of nodes) inline.node(child);
    inline.finish();
    this.pushPlan(inline, place, type, level, label, kind);
  }

  private inlineRun(place: Place): Inline {
    if (!this.inline) {
      this.startBlock();
      this.inline = new Inline(this);
      this.inlinePlace = place;
    }
    return this.inline;
  }

  private inlinePlace: Place | null = null;

  private flushInline(place: Place) {
    const inline = this.inline;
    if (!inline) return;
    this.inline = null;
    inline.finish();
    this.pushPlan(inline, this.inlinePlace ?? place, place.quote ? 'quote' : 'paragraph', place.depth, null, null);
  }

  private startBlock() {
    if (this.text.length > 0 && !this.text.endsWith('\n\n')) this.text += '\n\n';
  }

  private pushPlan(inline: Inline, place: Place, type: BlockType, level: number, label: string | null, kind: SegmentKind | null) {
    const start = inline.start;
    const end = this.text.length;
    if (end === start) {
      // Nothing but whitespace: no block (an empty <p>), and no stray separator either.
      this.text = this.text.slice(0, start).replace(/\n\n$/, '');
      return;
    }
    const listItem = type === 'list-item';
    const decided = kind ?? contentKind(this.text, { start, end }, inline.spans, listItem);
    const blockType: BlockType = decided === 'metadata' ? 'metadata' : decided === 'non-translatable' && type !== 'code' ? 'raw' : type;
    this.plans.push({
      block: {
        type: blockType, level, label, group: listItem ? place.list?.group ?? null : null, ordered: place.list?.ordered ?? false, start, end,
      },
      pieces: [{ start, end, kind: decided, splitSentences: decided === 'paragraph-sentence' || decided === 'list-item' }],
      spans: inline.spans,
      softLineBreaks: true,
    });
  }
}

/** Writes the inline content of one block into the working text, recording inline codes as it goes. */
class Inline {
  readonly start: number;
  readonly spans: InlineSpan[] = [];
  private pendingSpace = false;

  constructor(private readonly builder: Builder) {
    this.start = builder.text.length;
  }

  private write(s: string) {
    this.builder.text += s;
  }

  private get length() {
    return this.builder.text.length;
  }

  text(value: string) {
    // HTML collapses whitespace; leading space of a block is dropped, inner runs become one space.
    const collapsed = value.replace(/[ \t\n\r\f]+/g, ' ');
    for (const part of collapsed.split(/( )/)) {
      if (part === ' ') {
        if (this.length > this.start) this.pendingSpace = true;
      } else if (part) {
        this.flushSpace();
        const from = this.length;
        this.write(part);
        this.spans.push(...findTextSpans(this.builder.text, from, this.length));
      }
    }
  }

  private flushSpace() {
    if (this.pendingSpace) this.write(' ');
    this.pendingSpace = false;
  }

  node(node: Node) {
    if (node.nodeName === '#text') return this.text((node as DefaultTreeAdapterMap['textNode']).value);
    if ('tagName' in node) this.element(node as Element);
  }

  element(element: Element) {
    const tag = element.tagName.toLowerCase();
    if (DROPPED.has(tag)) return;
    if (tag === 'br') return this.standalone('markup', '<br>');
    if (tag === 'img') {
      const alt = attribute(element, 'alt');
      return this.standalone('markup', alt ? `<img alt="${escapeAttribute(alt)}">` : '<img>');
    }
    if (CODE_LIKE.has(tag)) return this.standalone('code', `<${tag}>${escapeText(textContent(element))}</${tag}>`);
    if (tag === 'sup' && /^\s*\[?\d{1,4}\]?\s*$/.test(textContent(element))) {
      return this.standalone('footnote-ref', `<sup>${escapeText(textContent(element).trim())}</sup>`);
    }
    if (tag === 'a') {
      const href = attribute(element, 'href')?.trim();
      const safe = href && SAFE_HREF.test(href) ? href : null;
      return this.paired('link', safe ? `<a href="${escapeAttribute(safe)}">` : '<a>', '</a>', element, safe ?? undefined);
    }
    const kind = EMPHASIS[tag];
    if (kind) return this.paired(kind, `<${tag}>`, `</${tag}>`, element);
    if (KEPT_INLINE.has(tag)) return this.paired('markup', `<${tag}>`, `</${tag}>`, element);
    // Anything else inline (font, label, an unknown element): its text, without markup.
    for (const child of element.childNodes) this.node(child);
  }

  private standalone(kind: InlineCodeKind, markup: string) {
    this.flushSpace();
    const start = this.length;
    this.write(markup);
    this.spans.push({ kind, start, end: this.length, paired: false, innerStart: this.length, innerEnd: this.length, unbreakable: true });
  }

  private paired(kind: InlineCodeKind, open: string, close: string, element: Element, href?: string) {
    this.flushSpace();
    const start = this.length;
    this.write(open);
    const innerStart = this.length;
    for (const child of element.childNodes) this.node(child);
    const innerEnd = this.length;
    this.pendingSpace = this.pendingSpace && innerEnd > innerStart;
    const trailingSpace = this.pendingSpace;
    this.pendingSpace = false;
    this.write(close);
    this.spans.push({ kind, start, end: this.length, paired: true, innerStart, innerEnd, unbreakable: kind === 'link', ...(href ? { href } : {}) });
    this.pendingSpace = trailingSpace;
  }

  finish() {
    this.pendingSpace = false;
  }
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

function textContent(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? (node.childNodes as Node[]).map(textContent).join('') : '';
}

function hasBlockChild(element: Element): boolean {
  return element.childNodes.some((c) => {
    if (!('tagName' in c)) return false;
    const tag = (c as Element).tagName;
    return HEADINGS.has(tag) || PARAGRAPH_LIKE.has(tag) || CONTAINERS.has(tag) || ['ul', 'ol', 'li', 'blockquote', 'pre', 'hr'].includes(tag);
  });
}

function findElement(node: Node, tag: string): Element | null {
  if ('tagName' in node && node.tagName === tag) return node as Element;
  if (!('childNodes' in node)) return null;
  for (const child of node.childNodes as Node[]) {
    const found = findElement(child, tag);
    if (found) return found;
  }
  return null;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (s: string) => escapeText(s).replace(/"/g, '&quot;');
