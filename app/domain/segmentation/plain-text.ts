import { trim, type BlockPlan, type ContentPiece } from './assemble';
import { findTextSpans } from './inline-spans';
import { classifyLine, isNameLike, type LineClass } from './line-kinds';
import type { BlockType, SegmentKind } from './types';

/**
 * The block layer for `text/plain` (gold FORMAT.md rules 1, 8–13): one paragraph per line, except
 * signatories whose affiliation wraps onto more lines and prose that was hard-wrapped at a fixed width.
 */

interface Line {
  start: number;
  /** End of the line's text, before its line break. */
  end: number;
}

export function planPlainText(text: string): BlockPlan[] {
  const plans: BlockPlan[] = [];
  const state: PlanState = { group: 0, inSignatories: false, previousText: '' };
  for (const run of linesInRuns(text)) planRun(text, run, plans, state);
  return plans;
}

interface PlanState {
  /** Next list group number. */
  group: number;
  /** The document is in its signatory list: name-like lines that follow are signatories too. */
  inSignatories: boolean;
  /** Text of the last content block, to see whether it introduced a list ("…in the following languages:"). */
  previousText: string;
}

/** Consecutive non-blank lines; a blank line (spaces and no-break spaces only) separates runs. */
function linesInRuns(text: string): Line[][] {
  const runs: Line[][] = [];
  let run: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
    if (/^[\s\u00a0\ufeff]*$/.test(text.slice(start, lineEnd))) {
      if (run.length) runs.push(run);
      run = [];
    } else {
      run.push({ start, end: lineEnd });
    }
    start = end + 1;
  }
  if (run.length) runs.push(run);
  return runs;
}

function planRun(text: string, run: Line[], plans: BlockPlan[], state: PlanState) {
  const lines = run.map((line) => ({ line, cls: classifyLine(text.slice(line.start, line.end)) }));

  const wrapped = hardWrappedBlocks(text, run);
  if (wrapped) {
    for (const group of wrapped) {
      const cls = classifyLine(text.slice(group[0].start, group[group.length - 1].end));
      planLines(text, group, group.length > 1 && cls.type === 'heading' ? { ...cls, type: 'paragraph' } : cls, plans, state, true);
    }
    return;
  }

  // A sign-off ("Sincerely,") opens the signatory list.
  let first = 0;
  if (lines[0].cls.signOff) {
    planLines(text, [lines[0].line], lines[0].cls, plans, state, false);
    state.inSignatories = true;
    first = 1;
  }
  const rest = lines.slice(first);
  const nameLike = rest.length > 0 && rest.every((l) => isNameLike(l.cls));
  const introducesList = /:\s*$/.test(state.previousText);
  if (nameLike && introducesList && !state.inSignatories && rest.length >= 2) {
    const group = state.group++;
    for (const l of rest) planLines(text, [l.line], { ...l.cls, type: 'list-item' }, plans, state, false, group);
    return;
  }
  if (nameLike && (state.inSignatories || rest.length >= 3)) {
    planSignatories(text, rest.map((l) => l.line), plans, state);
    return;
  }
  let listGroup: number | null = null;
  for (const item of withIndentedContinuations(text, rest)) {
    const isItem = item.cls.type === 'list-item';
    if (isItem && listGroup === null) listGroup = state.group++;
    if (!isItem) listGroup = null;
    planLines(text, item.lines, item.cls, plans, state, item.lines.length > 1, listGroup);
  }
}

/**
 * A list item wrapped onto lines indented with spaces under its text (`1. Read the letter and share it
 * with your` / `   colleagues.`) is one item. Tab-indented lines are not continuations: in Word dumps a
 * leading tab is an unnumbered clause of its own (rule 9).
 */
function withIndentedContinuations(text: string, lines: { line: Line; cls: LineClass }[]) {
  const items: { lines: Line[]; cls: LineClass }[] = [];
  for (const l of lines) {
    const raw = text.slice(l.line.start, l.line.end);
    const last = items[items.length - 1];
    const continues = last && last.cls.type === 'list-item' && l.cls.label === null && /^ {2,}\S/.test(raw) &&
      l.cls.type !== 'raw' && l.cls.type !== 'metadata';
    if (continues) last.lines.push(l.line);
    else items.push({ lines: [l.line], cls: l.cls });
  }
  return items;
}

/**
 * Signatories one per line, except that a line starting in lower case, or following a line that ends with
 * a comma, continues the signatory before it (rule 1: `Eduardo Bertoni, Centro de Estudios en Libertad` /
 * `de Expresión y …` / `Universidad de Palermo, Argentina`).
 */
function planSignatories(text: string, lines: Line[], plans: BlockPlan[], state: PlanState) {
  const group = state.group++;
  let current: Line[] = [];
  const flush = () => {
    if (!current.length) return;
    const start = current[0].start;
    const end = current[current.length - 1].end;
    const cls = classifyLine(text.slice(start, end));
    const kind: SegmentKind = cls.type === 'metadata' || cls.type === 'raw' ? cls.type === 'raw' ? 'non-translatable' : 'metadata' : 'signatory';
    pushPlan(text, plans, {
      type: kind === 'signatory' ? 'signatory' : cls.type, level: 0, label: null, group: kind === 'signatory' ? group : null,
      ordered: false, start, end,
    }, [{ ...trim(text, start, end), kind, splitSentences: false }], false);
    current = [];
  };
  for (const line of lines) {
    const lineText = text.slice(line.start, line.end).trim();
    const previous = current.length ? text.slice(current[current.length - 1].start, current[current.length - 1].end).trim() : '';
    const continues = current.length > 0 && (/^\p{Ll}/u.test(lineText) || previous.endsWith(','));
    if (!continues) flush();
    current.push(line);
  }
  flush();
  state.inSignatories = true;
  state.previousText = '';
}

/** Plans one block made of `lines` (one line, or a hard-wrapped paragraph) classified as `cls`. */
function planLines(
  text: string,
  lines: Line[],
  cls: LineClass,
  plans: BlockPlan[],
  state: PlanState,
  softLineBreaks: boolean,
  group: number | null = null,
) {
  const start = lines[0].start;
  let end = lines[lines.length - 1].end;
  const contentStart = start + cls.contentOffset;
  const footnote = footnoteBody(text, contentStart, end);
  if (footnote) end = footnote.wrapperStart;
  const pieces: ContentPiece[] = [];
  if (cls.labelSegment) {
    const label = trim(text, start + cls.labelSegment.start, start + cls.labelSegment.end);
    pieces.push({ ...label, kind: 'heading', splitSentences: false });
  }
  const kind = kindOf(cls.type);
  pieces.push({ start: contentStart, end, kind, splitSentences: kind === 'paragraph-sentence' || kind === 'list-item' });
  const blockType: BlockType = cls.type === 'list-item' ? 'list-item' : cls.type;
  pushPlan(text, plans, {
    type: blockType, level: 0, label: cls.label, group: blockType === 'list-item' ? group ?? state.group++ : null,
    ordered: cls.label !== null && /\w/.test(cls.label), start, end,
  }, pieces, softLineBreaks);
  if (footnote) {
    const body = classifyLine(text.slice(footnote.start, footnote.end));
    const kind: SegmentKind = body.type === 'raw' ? 'non-translatable' : 'paragraph-sentence';
    pushPlan(text, plans, {
      type: 'footnote', level: 0, label: footnote.label, group: null, ordered: false, start: footnote.wrapperStart, end: footnote.wrapperEnd,
    }, [{ start: footnote.start, end: footnote.end, kind, splitSentences: kind === 'paragraph-sentence' }], softLineBreaks);
  }
  if (cls.type === 'heading' || cls.type === 'paragraph' || cls.type === 'list-item') state.inSignatories = false;
  if (cls.type !== 'metadata' && cls.type !== 'raw') state.previousText = text.slice(contentStart, end).trim();
}

function kindOf(type: LineClass['type']): SegmentKind {
  switch (type) {
    case 'heading': return 'heading';
    case 'list-item': return 'list-item';
    case 'metadata': return 'metadata';
    case 'raw': return 'non-translatable';
    case 'signatory': return 'signatory';
    default: return 'paragraph-sentence';
  }
}

function pushPlan(
  text: string,
  plans: BlockPlan[],
  block: BlockPlan['block'],
  pieces: ContentPiece[],
  softLineBreaks: boolean,
) {
  const spans = pieces.flatMap((p) => findTextSpans(text, p.start, p.end));
  plans.push({ block, pieces, spans, softLineBreaks });
}

/**
 * Prose hard-wrapped at a fixed width (newsletters at 72–80 columns): lines of a run that fill the width
 * continue one another. Returns the run regrouped into blocks of lines, or null when the run is not wrapped
 * prose. A run qualifies when its longest line is 55–100 characters and most lines come close to it; a line
 * continues the one before unless it starts a list item or the one before ended short with a full stop.
 */
function hardWrappedBlocks(text: string, run: Line[]): Line[][] | null {
  if (run.length < 2) return null;
  const lengths = run.map((l) => text.slice(l.start, l.end).trimEnd().length);
  const width = Math.max(...lengths);
  if (width < 55 || width > 100) return null;
  const full = lengths.slice(0, -1).filter((n) => n >= width - 20).length;
  if (full < Math.ceil((run.length - 1) / 2)) return null;

  const blocks: Line[][] = [];
  for (let i = 0; i < run.length; i++) {
    const cls = classifyLine(text.slice(run[i].start, run[i].end));
    const previous = i > 0 ? text.slice(run[i - 1].start, run[i - 1].end).trimEnd() : '';
    const previousShort = lengths[i - 1] < width * 0.7;
    const continuesWord = /^\s*\p{Ll}/u.test(text.slice(run[i].start, run[i].end)) && !/[.!?:;…]$/.test(previous);
    const startsBlock = i === 0 || cls.label !== null || cls.type === 'raw' || cls.type === 'metadata' ||
      (previousShort && !continuesWord);
    if (startsBlock) blocks.push([run[i]]);
    else blocks[blocks.length - 1].push(run[i]);
  }
  return blocks;
}

/** A Word footnote body inlined at the end of its paragraph: `[1: 1 ⇥These include …]` (rule 12). */
const FOOTNOTE_BODY = /\[(\d{1,4}):[ \t\u00a0]+(?:\1[ \t\u00a0]*)?(?=\S)/g;

function footnoteBody(text: string, from: number, to: number) {
  const line = text.slice(from, to);
  if (!line.includes(': ') && !line.includes(':\t')) return null;
  FOOTNOTE_BODY.lastIndex = 0;
  let found: RegExpExecArray | null = null;
  for (let m = FOOTNOTE_BODY.exec(line); m; m = FOOTNOTE_BODY.exec(line)) found = m;
  if (!found) return null;
  const close = line.trimEnd().endsWith(']') ? from + line.trimEnd().length - 1 : -1;
  if (close < 0) return null;
  const body = trim(text, from + found.index + found[0].length, close);
  return { label: found[1], wrapperStart: from + found.index, wrapperEnd: close + 1, ...body };
}
