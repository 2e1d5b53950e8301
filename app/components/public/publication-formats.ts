import type { PublicationSnapshot, PublishedBlock, PublishedSentence } from '~/domain/publishing/snapshot';
import { languageInfo, sentenceSeparator } from '~/domain/languages';
import type { InlineCode } from '~/domain/segmentation/types';
import { parsePlaceholders } from '~/domain/text/placeholders';
import { standaloneCodeText } from '../TranslatedText';

/**
 * A publication as Markdown and as plain text: the same blocks, in the same order and with the same words as its
 * page (PublicDocument), for readers who paste the letter into an e-mail or another site. Translations are
 * untrusted text: in Markdown every character that could start markup in them is backslash-escaped, so
 * `<script>` stays the seven characters it is. Only a Markdown source's own codes (links, emphasis, …) are
 * written as markup, and only when that markup holds no raw HTML.
 */

export interface MarkdownOptions {
  /** The source was Markdown: its inline codes by segment key, with their closing markup, to write them back as such. */
  sourceCodes?: ReadonlyMap<string, readonly InlineCode[]>;
}

type Code = Omit<InlineCode, 'close'> & { close?: string };
type Unit = { kind: 'block'; block: PublishedBlock } | { kind: 'list'; blocks: PublishedBlock[] };

export function publicationMarkdown(snapshot: PublicationSnapshot, options: MarkdownOptions = {}): string {
  const markdownSource = options.sourceCodes !== undefined;
  const text = (block: PublishedBlock) => escapeLineStart(blockText(snapshot, block, (s) => sentenceMarkdown(s, options.sourceCodes)));
  // A Markdown source's other labelled blocks (a list item that is only a link, say) stay in their list.
  const listed = (b: PublishedBlock) => markdownSource && b.label !== null && ['paragraph', 'quote', 'metadata', 'raw'].includes(b.type);
  const sameList = (a: PublishedBlock, b: PublishedBlock) => (markdownSource && a.group !== null ? a.group === b.group : a.type === b.type && a.group === b.group);
  let bullet = '*';
  const out = layout(snapshot.blocks, listed, sameList).map((unit) => {
    if (unit.kind === 'list') {
      // Two lists in a row with the same bullet would run together into one: alternate it.
      bullet = bullet === '-' ? '*' : '-';
      return unit.blocks.map((b) => `${'    '.repeat(Math.max(0, b.level))}${markdownMarker(b, bullet, markdownSource)} ${text(b)}`).join('\n');
    }
    const { block } = unit;
    switch (block.type) {
      case 'heading': return `${'#'.repeat(Math.min(6, Math.max(1, block.level)))} ${text(block)}`;
      case 'quote': return `${'> '.repeat(block.level + 1)}${text(block)}`;
      case 'rule': return '* * *';
      case 'code': {
        const body = blockText(snapshot, block, (s) => sentencePlain(s, true));
        const fence = '`'.repeat(Math.max(3, ...[...body.matchAll(/`+/g)].map((m) => m[0].length + 1)));
        return `${fence}\n${body}\n${fence}`;
      }
      case 'footnote': return block.label ? `${escapeMarkdown(block.label)} ${text(block)}` : text(block);
      default: return text(block);
    }
  });
  return `${out.filter((part) => part.trim() !== '').join('\n\n')}\n`;
}

/** Plain text, UTF-8: one paragraph per block, the items of a list on lines of their own with their labels. */
export function publicationText(snapshot: PublicationSnapshot): string {
  const text = (block: PublishedBlock) => blockText(snapshot, block, (s) => sentencePlain(s, block.type === 'code'));
  const out = layout(snapshot.blocks, () => false, (a, b) => a.type === b.type && a.group === b.group).map((unit) => {
    if (unit.kind === 'list') return unit.blocks.map((b) => `${'  '.repeat(Math.max(0, b.level))}${b.label ? `${b.label} ` : ''}${text(b)}`).join('\n');
    const { block } = unit;
    if (block.type === 'rule') return '* * *';
    if (block.type === 'footnote' && block.label) return `${block.label} ${text(block)}`;
    return text(block);
  });
  return `${out.filter((part) => part.trim() !== '').join('\n\n')}\n`;
}

/** List items and signatories of one list group form one list, as PublicDocument lays them out. */
function layout(
  blocks: readonly PublishedBlock[],
  alsoListed: (block: PublishedBlock) => boolean,
  sameList: (first: PublishedBlock, next: PublishedBlock) => boolean,
): Unit[] {
  const units: Unit[] = [];
  const listed = (b: PublishedBlock) => b.type === 'list-item' || b.type === 'signatory' || alsoListed(b);
  for (const block of blocks) {
    if (!listed(block)) { units.push({ kind: 'block', block }); continue; }
    const last = units[units.length - 1];
    if (last?.kind === 'list' && sameList(last.blocks[0], block)) last.blocks.push(block);
    else units.push({ kind: 'list', blocks: [block] });
  }
  return units;
}

/** The sentences of a block on one line, joined as the page joins them (no space between Chinese sentences). */
function blockText(snapshot: PublicationSnapshot, block: PublishedBlock, sentence: (s: PublishedSentence) => string): string {
  const lang = languageInfo(snapshot.lang);
  const source = languageInfo(snapshot.sourceLang);
  return block.sentences.map((s, i) => `${i > 0 ? sentenceSeparator(s.inSource ? source : lang) : ''}${sentence(s)}`).join('').trim();
}

/**
 * A list item's marker: a Markdown source's own (`-`, `1.`, `[^1]:`), else a bullet, or a number as written.
 * Other labels (`a)`, `(i)`) are kept as text after a bullet, since Markdown has no such list.
 */
function markdownMarker(block: PublishedBlock, bullet: string, markdownSource: boolean): string {
  const label = block.label;
  if (markdownSource && label && /^(?:[-*+]|\d{1,9}[.)]|\[\^[\w-]{1,40}\]:)$/.test(label)) return label;
  if (!label || /^[-*+•·◦▪‣–]$/.test(label)) return bullet;
  if (/^\d{1,9}[.)]$/.test(label)) return label;
  return `${bullet} ${escapeMarkdown(label)}`;
}

/** What a reader sees of a sentence, as text: paired codes by their text, standalone ones as the page shows them. */
function sentencePlain(sentence: PublishedSentence, keepLineBreaks = false): string {
  return inline(sentence, sentence.codes, keepLineBreaks, {
    text: (t) => t,
    wrap: (_code, inner) => inner,
    standalone: (code) => standaloneCodeText(code),
  });
}

function sentenceMarkdown(sentence: PublishedSentence, sourceCodes: ReadonlyMap<string, readonly InlineCode[]> | undefined): string {
  // A Markdown source's own words (not translated) are Markdown already; translations are text to escape.
  const verbatim = sourceCodes !== undefined && sentence.inSource;
  const codes: readonly Code[] = sourceCodes?.get(sentence.key) ?? sentence.codes;
  const asMarkup = (code: Code) => sourceCodes !== undefined && safeMarkdownCode(code);
  return inline(sentence, codes, false, {
    text: (t) => (verbatim ? escapeHtmlTags(t) : escapeMarkdown(t)),
    wrap: (code, inner) => (asMarkup(code) ? `${code.open}${inner}${code.close}` : inner),
    standalone: (code) => (asMarkup(code) ? code.open : standaloneMarkdown(code)),
  });
}

/** A standalone code as text: an address as an autolink (it needs no escaping there), anything else escaped. */
function standaloneMarkdown(code: Code): string {
  const visible = standaloneCodeText(code);
  if (code.kind === 'url' && /^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*$/.test(visible)) return `<${visible}>`;
  if (code.kind === 'email' && /^[^<>\s@]+@[^<>\s@]+$/.test(visible)) return `<${visible}>`;
  return escapeMarkdown(visible);
}

/** Walks a sentence's placeholders as TranslatedText does: a close without its open shows nothing, an open never closed shows its text. */
function inline(sentence: PublishedSentence, codes: readonly Code[], keepLineBreaks: boolean, write: {
  text: (text: string) => string;
  wrap: (code: Code, inner: string) => string;
  standalone: (code: Code) => string;
}): string {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const stack: { code: Code; parts: string[] }[] = [{ code: null as unknown as Code, parts: [] }];
  const top = () => stack[stack.length - 1].parts;
  for (const part of parsePlaceholders(sentence.text)) {
    if (part.type === 'text') { top().push(write.text(keepLineBreaks ? part.text : part.text.replace(/\s*[\r\n]+\s*/g, ' '))); continue; }
    const code = byId.get(part.id);
    if (!code) top().push(write.text(part.token));
    else if (part.type === 'open') stack.push({ code, parts: [] });
    else if (part.type === 'close') {
      if (stack.length < 2 || stack[stack.length - 1].code.id !== part.id) continue;
      const frame = stack.pop()!;
      top().push(write.wrap(frame.code, frame.parts.join('')));
    } else top().push(write.standalone(code));
  }
  while (stack.length > 1) {
    const frame = stack.pop()!;
    top().push(...frame.parts);
  }
  return stack[0].parts.join('');
}

/**
 * A Markdown source's code is written back as markup when it is Markdown's own syntax: no raw HTML (an
 * autolink `<https://…>` is not HTML) and no link to a script.
 */
function safeMarkdownCode(code: Code): boolean {
  if (!['link', 'emphasis', 'strong', 'code', 'url', 'email', 'footnote-ref'].includes(code.kind) || code.close === undefined) return false;
  const markup = `${code.open}${code.close}`;
  // Markdown decodes entities in link destinations: `javascript&#58;` is a script too.
  if (/(?:javascript|vbscript|data):/i.test(markup.replace(/[\s\\]/g, '')) || /&#?[A-Za-z0-9]+;/.test(markup)) return false;
  const autolink = /^<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>$/;
  return !markup.includes('<') || autolink.test(code.open.trim());
}

/** Backslash-escapes what Markdown (CommonMark and GFM) could read as markup inside a line of text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/** Markdown as written, but no raw HTML tag: a `<` that could open one is escaped, unless the source already did. */
function escapeHtmlTags(markdown: string): string {
  return markdown.replace(/(\\*)<(?=[A-Za-z/!?])/g, (match, slashes: string) => (slashes.length % 2 ? match : `${slashes}\\<`));
}

/** What would open a heading, a list or a quote at the start of a line is escaped there. */
function escapeLineStart(line: string): string {
  return line.replace(/^(\s*)([#+=-])/, '$1\\$2').replace(/^(\s*\d{1,9})([.)])/, '$1\\$2');
}
