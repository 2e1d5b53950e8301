import { CAN_END, DATE_ABBREVIATIONS, DOTTED_ACRONYM, NEVER_FINAL, SENTENCE_OPENERS } from './abbreviations';

/**
 * Sentence breaking inside one block, by gold FORMAT.md rules 3–7.
 *
 * Written here rather than taken from a library because none of the measured ones (sbd, sentence-splitter,
 * Intl.Segmenter, cldr-segmentation, posegment) keeps footnote markers, closing emphasis and protected inline
 * codes with their sentence, or knows ITU references such as `(Rev. Antalya, 2006)`; this is the product's core.
 *
 * The splitter works on the whole source with offsets so segment texts stay exact slices of the source.
 */

export interface Span {
  start: number;
  end: number;
}

export interface SentenceOptions {
  /** Pieces (URLs, e-mail addresses, inline code, link targets) that never contain a break. Sorted by start. */
  protectedSpans?: readonly Span[];
  /** Markdown: `*`, `_` and `~` after a full stop close emphasis and stay with the sentence. */
  markdown?: boolean;
}

const TERMINATORS = new Set(['.', '!', '?', '…', '‼', '⁇', '⁈', '⁉']);
/** Terminators of scripts written without a space after them: the break needs no whitespace. */
const FULLWIDTH_TERMINATORS = new Set(['。', '！', '？', '｡']);
/** Terminators of scripts that put a space after them, as Latin does. */
const SPACED_TERMINATORS = new Set(['۔', '؟', '।', '॥', '؞']);
const CLOSERS = new Set(['"', '\'', '”', '’', '»', '›', ')', ']', '}', '」', '』', '】', '》', '〉', '）']);
const OPENERS = new Set(['"', '\'', '“', '‘', '«', '‹', '(', '[', '{', '¿', '¡', '„', '‚', '「', '『', '【', '（']);
const SUPERSCRIPT_DIGITS = /[⁰¹²³⁴⁵⁶⁷⁸⁹]/;
const FOOTNOTE_REF = /^\[\^?\d{1,4}\]/;
const WORD_FOOTNOTE_REF = /^\s*\[footnoteRef:\d{1,4}\]\d{0,4}/;

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u00a0' ||
  c === '\u2009' || c === '\u202f' || c === '\u3000' || c === '\u200b';
const UPPER = /[\p{Lu}\p{Lt}]/u;
const LOWER = /\p{Ll}/u;
const UNCASED_LETTER = /\p{Lo}/u;
const DIGIT = /\p{Nd}/u;
const DASHES = new Set(['—', '–', '-', '―']);

/** Returns the sentence ranges of `text.slice(from, to)`, trimmed of surrounding whitespace, in order. */
export function splitSentences(text: string, from: number, to: number, options: SentenceOptions = {}): Span[] {
  const spans = options.protectedSpans ?? [];
  const markdown = options.markdown ?? false;
  const result: Span[] = [];
  let sentenceStart = from;
  let spanIndex = 0;

  for (let i = from; i < to; i++) {
    while (spanIndex < spans.length && spans[spanIndex].end <= i) spanIndex++;
    const span = spans[spanIndex];
    if (span && span.start <= i && i < span.end) {
      i = span.end - 1;
      continue;
    }
    const c = text[i];
    const fullwidth = FULLWIDTH_TERMINATORS.has(c);
    if (!TERMINATORS.has(c) && !fullwidth && !SPACED_TERMINATORS.has(c)) continue;

    // The whole run of terminators: "?!", "...", "!!".
    let runEnd = i + 1;
    while (runEnd < to && (TERMINATORS.has(text[runEnd]) || FULLWIDTH_TERMINATORS.has(text[runEnd]))) runEnd++;
    const closeEnd = consumeClosers(text, runEnd, to, markdown);
    const next = skipSpaces(text, closeEnd, to);
    if (next >= to) break; // the block ends here anyway
    const spaced = next > closeEnd;
    const run = text.slice(i, runEnd);

    let isBreak: boolean;
    if (fullwidth || FULLWIDTH_TERMINATORS.has(run[run.length - 1])) {
      isBreak = true;
    } else if (!spaced) {
      isBreak = false; // 3.1, D.262, www.itu.int, e.g.,
    } else {
      isBreak = breaksBefore(text, next, to, run, wordBefore(text, i, from, spans), markdown);
    }
    if (isBreak) {
      pushTrimmed(text, sentenceStart, closeEnd, result);
      sentenceStart = next;
      i = next - 1;
    } else {
      i = runEnd - 1;
    }
  }
  pushTrimmed(text, sentenceStart, to, result);
  return result;
}

function pushTrimmed(text: string, start: number, end: number, out: Span[]) {
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  if (end > start) out.push({ start, end });
}

function skipSpaces(text: string, i: number, to: number): number {
  while (i < to && isSpace(text[i])) i++;
  return i;
}

/** Everything that closes with the sentence: quotes, brackets, emphasis, footnote references (rule 3). */
function consumeClosers(text: string, i: number, to: number, markdown: boolean): number {
  for (;;) {
    const c = text[i];
    if (i >= to) return to;
    if (CLOSERS.has(c) || (markdown && (c === '*' || c === '_' || c === '~'))) {
      i++;
      continue;
    }
    if (SUPERSCRIPT_DIGITS.test(c)) {
      i++;
      continue;
    }
    const rest = text.slice(i, Math.min(to, i + 40));
    const ref = FOOTNOTE_REF.exec(rest) ?? WORD_FOOTNOTE_REF.exec(rest);
    if (ref) {
      i += ref[0].length;
      continue;
    }
    return i;
  }
}

/** The word before a terminator at `i` (without leading brackets or quotes), or null after an inline code. */
function wordBefore(text: string, i: number, from: number, spans: readonly Span[]): string | null {
  if (spans.some((s) => s.end === i)) return null;
  let j = i;
  while (j > from && !isSpace(text[j - 1])) j--;
  let word = text.slice(j, i);
  while (word.length > 0 && OPENERS.has(word[0])) word = word.slice(1);
  return word;
}

/** Decides whether the candidate break after terminator `run` and before `text[next]` is a sentence end. */
function breaksBefore(text: string, next: number, to: number, run: string, word: string | null, markdown: boolean): boolean {
  const start = sentenceStartAt(text, next, to, markdown);
  if (start === 'lower' || start === 'none') return false; // rule 6: "Why now?" asked the chair.
  if (run !== '.' || word === null) return true;

  if (word.length === 0) return true;
  // Flattened tracked changes glue an abbreviation to the deleted text before it: `2014Rev. Buenos Aires`.
  const glued = /^[\p{N}\p{P}]+(\p{L}[\p{L}.]*)$/u.exec(word);
  if (glued) word = glued[1];
  if (NEVER_FINAL.has(word)) return false;
  if (DATE_ABBREVIATIONS.has(word)) return start === 'upper';
  const nextWord = wordAt(text, next, to);
  if (/^\p{Lu}$/u.test(word)) return false; // an initial: J. R. Smith
  if (DOTTED_ACRONYM.test(word) || CAN_END.has(word)) {
    if (word === 'e.g' || word === 'i.e') return false;
    return start === 'upper' && SENTENCE_OPENERS.has(nextWord);
  }
  return true;
}

type StartKind = 'upper' | 'lower' | 'digit' | 'other' | 'none';

/** What kind of character a following sentence would start with, looking past quotes, brackets and markup. */
function sentenceStartAt(text: string, i: number, to: number, markdown: boolean): StartKind {
  while (i < to && (OPENERS.has(text[i]) || (markdown && (text[i] === '*' || text[i] === '_' || text[i] === '<')))) i++;
  if (i >= to) return 'none';
  const c = String.fromCodePoint(text.codePointAt(i)!);
  if (UPPER.test(c)) return 'upper';
  if (LOWER.test(c)) return 'lower';
  if (DIGIT.test(c)) return 'digit';
  if (UNCASED_LETTER.test(c)) return 'upper';
  // An attribution or an aside after a quotation ("…for everyone." — Vint Cerf) continues the sentence.
  if (DASHES.has(c)) return 'none';
  return 'other';
}

function wordAt(text: string, i: number, to: number): string {
  while (i < to && OPENERS.has(text[i])) i++;
  let j = i;
  while (j < to && /[\p{L}\p{M}’']/u.test(text[j])) j++;
  return text.slice(i, j);
}
