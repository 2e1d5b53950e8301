import type { InlineCodeKind } from './types';

/**
 * A piece of inline markup found in the source, before it is numbered inside a segment.
 * Paired spans wrap translatable text (`innerStart`…`innerEnd`); standalone ones have no inner text.
 */
export interface InlineSpan {
  kind: InlineCodeKind;
  start: number;
  end: number;
  paired: boolean;
  innerStart: number;
  innerEnd: number;
  href?: string;
  /** Sentence breaks never fall inside (URLs, links, code); emphasis may hold several sentences. */
  unbreakable: boolean;
}

// Trailing punctuation belongs to the sentence, not the URL (rule 7): stop before it.
const URL = /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"“”‘’«»]*[^\s<>"“”‘’«».,;:!?)\]'*_]/giu;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu;
/** What Cloudflare's address obfuscation leaves in a text dump of a web page. */
const OBFUSCATED_EMAIL = /\[email(?:&#160;|\u00a0| )protected\]/giu;
const FOOTNOTE_REF = /\[\^?\d{1,4}\]/g;
const WORD_FOOTNOTE_REF = /\[footnoteRef:\d{1,4}\]\d{0,4}/g;
const WORD_BOOKMARK = /\[bookmark: [^\]\n]*\]/g;
/** Literal text that looks like one of our placeholders becomes a code itself, so placeholders stay unambiguous. */
export const PLACEHOLDER_LIKE = /\{\/?\d+\/?\}/g;

interface PatternRule {
  pattern: RegExp;
  kind: InlineCodeKind;
}

const TEXT_RULES: PatternRule[] = [
  { pattern: OBFUSCATED_EMAIL, kind: 'obfuscated-email' },
  { pattern: URL, kind: 'url' },
  { pattern: EMAIL, kind: 'email' },
  { pattern: WORD_FOOTNOTE_REF, kind: 'footnote-ref' },
  { pattern: WORD_BOOKMARK, kind: 'bookmark' },
  { pattern: FOOTNOTE_REF, kind: 'footnote-ref' },
  { pattern: PLACEHOLDER_LIKE, kind: 'placeholder-like' },
];

/**
 * Finds standalone codes in running text between `from` and `to`: URLs, e-mail addresses, footnote
 * references, Word residue. Earlier rules win where matches overlap (a URL containing `@`).
 */
export function findTextSpans(text: string, from: number, to: number): InlineSpan[] {
  const slice = text.slice(from, to);
  const found: InlineSpan[] = [];
  for (const { pattern, kind } of TEXT_RULES) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(slice); m; m = pattern.exec(slice)) {
      let value = m[0];
      if (kind === 'url') value = balanceParentheses(value, slice, m.index);
      const start = from + m.index;
      const end = start + value.length;
      if (found.some((s) => s.start < end && start < s.end)) continue;
      found.push({
        kind, start, end, paired: false, innerStart: end, innerEnd: end, unbreakable: true,
        href: kind === 'url' ? (value.startsWith('www.') ? `https://${value}` : value) : kind === 'email' ? `mailto:${value}` : undefined,
      });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** `https://en.wikipedia.org/wiki/ITU_(disambiguation)` keeps its closing bracket when it opened one. */
function balanceParentheses(url: string, slice: string, index: number): string {
  const after = slice[index + url.length];
  const opens = (url.match(/\(/g) ?? []).length;
  const closes = (url.match(/\)/g) ?? []).length;
  if (after === ')' && opens > closes) return url + ')';
  return url;
}
