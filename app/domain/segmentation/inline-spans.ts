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
// The lookbehind starts a match only at the start of a run of address characters: without it the engine
// retries from every character of a long word, which made this the slowest part of segmentation.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/giu;
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
  /** A cheap test that the pattern can match at all (most lines have no URL, address or reference). */
  mayMatch: (text: string) => boolean;
}

const TEXT_RULES: PatternRule[] = [
  { pattern: OBFUSCATED_EMAIL, kind: 'obfuscated-email', mayMatch: (t) => t.includes('protected]') },
  { pattern: URL, kind: 'url', mayMatch: (t) => t.includes('://') || t.includes('www.') },
  { pattern: EMAIL, kind: 'email', mayMatch: (t) => t.includes('@') },
  { pattern: WORD_FOOTNOTE_REF, kind: 'footnote-ref', mayMatch: (t) => t.includes('[footnoteRef:') },
  { pattern: WORD_BOOKMARK, kind: 'bookmark', mayMatch: (t) => t.includes('[bookmark: ') },
  { pattern: FOOTNOTE_REF, kind: 'footnote-ref', mayMatch: (t) => t.includes('[') },
  { pattern: PLACEHOLDER_LIKE, kind: 'placeholder-like', mayMatch: (t) => t.includes('{') },
];

/**
 * Finds standalone codes in running text between `from` and `to`: URLs, e-mail addresses, footnote
 * references, Word residue. Earlier rules win where matches overlap (a URL containing `@`).
 */
export function findTextSpans(text: string, from: number, to: number): InlineSpan[] {
  const slice = text.slice(from, to);
  const found: InlineSpan[] = [];
  for (const { pattern, kind, mayMatch } of TEXT_RULES) {
    if (!mayMatch(slice)) continue;
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
