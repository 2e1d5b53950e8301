import type { InlineSpan } from './inline-spans';
import { breakPositions, type CompiledRules } from './srx';

/**
 * Sentence breaking inside one block, by the SRX rules of the source language (rules/workbench.srx carries
 * gold FORMAT.md rules 3–7 for English). Inline codes are masked first (see the legend in workbench.srx), so
 * rules never see inside a URL or an e-mail address, closing emphasis and footnote references stay with their
 * sentence, and no break falls inside a link.
 */

export interface Span {
  start: number;
  end: number;
}

export const MASK = { code: '\uE000', open: '\uE001', close: '\uE002', footnote: '\uE003' } as const;

/** Returns the sentence ranges of `text.slice(from, to)`, trimmed of surrounding whitespace, in order. */
export function splitSentences(text: string, from: number, to: number, spans: readonly InlineSpan[], rules: CompiledRules): Span[] {
  const inside = spans.filter((s) => s.end > from && s.start < to);
  const masked = maskCodes(text, from, to, inside);
  const unbreakable = inside.filter((s) => s.paired && s.unbreakable);
  const result: Span[] = [];
  let start = from;
  for (const relative of breakPositions(masked, rules)) {
    const position = from + relative;
    if (unbreakable.some((s) => s.start < position && position < s.end)) continue;
    pushTrimmed(text, start, position, result);
    start = position;
  }
  pushTrimmed(text, start, to, result);
  return result;
}

function maskCodes(text: string, from: number, to: number, spans: readonly InlineSpan[]): string {
  if (spans.length === 0) return text.slice(from, to);
  const runs: { start: number; end: number; char: string }[] = [];
  for (const span of spans) {
    if (!span.paired) runs.push({ start: span.start, end: span.end, char: span.kind === 'footnote-ref' ? MASK.footnote : MASK.code });
    else {
      runs.push({ start: span.start, end: span.innerStart, char: MASK.open });
      runs.push({ start: span.innerEnd, end: span.end, char: MASK.close });
    }
  }
  runs.sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = from;
  for (const run of runs) {
    const start = Math.max(run.start, cursor, from);
    const end = Math.min(run.end, to);
    if (end <= start) continue;
    out += text.slice(cursor, start) + run.char.repeat(end - start);
    cursor = end;
  }
  return out + text.slice(cursor, to);
}

const SPACE = /[\s\u00a0\u200b\ufeff]/;

function pushTrimmed(text: string, start: number, end: number, out: Span[]) {
  while (start < end && SPACE.test(text[start])) start++;
  while (end > start && SPACE.test(text[end - 1])) end--;
  if (end > start) out.push({ start, end });
}
