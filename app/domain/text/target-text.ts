import { AppError } from '../errors';

/**
 * Input rules for every text a person or a file gives us as a translation (one place, DESIGN.md):
 * stored NFC with LF line ends; control characters, lone surrogates and unbalanced bidi controls refused
 * with the character and its position; over-long targets refused. A refused text changes nothing.
 */

export const MAX_TARGET_GRAPHEMES = 2000;
/** A target may be this many times longer than its source before it is refused (but never below the cap). */
export const MAX_TARGET_RATIO = 10;

export interface TargetTextWarning {
  code: 'zero_width_space';
  index: number;
}

export interface CheckedText {
  text: string;
  warnings: TargetTextWarning[];
}

const BIDI_OPENERS: Record<string, 'embedding' | 'isolate'> = {
  '\u202a': 'embedding', '\u202b': 'embedding', '\u202d': 'embedding', '\u202e': 'embedding',
  '\u2066': 'isolate', '\u2067': 'isolate', '\u2068': 'isolate',
};
const PDF = '\u202c';
const PDI = '\u2069';

const codepoint = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** Normalises and checks a target text; throws AppError 422 naming the character and its position. */
export function checkTargetText(raw: string, sourceText: string): CheckedText {
  checkUnicode(raw);
  const text = raw.replace(/\r\n?/g, '\n').normalize('NFC');
  checkControls(text);
  checkBidi(text);
  checkLength(text, sourceText);
  const warnings: TargetTextWarning[] = [];
  const zw = text.indexOf('\u200b');
  if (zw >= 0 && !sourceText.includes('\u200b')) warnings.push({ code: 'zero_width_space', index: zw });
  return { text, warnings };
}

function checkUnicode(text: string) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { i++; continue; }
    } else if (!(c >= 0xdc00 && c <= 0xdfff)) {
      continue;
    }
    throw new AppError('invalid_unicode', 422, `lone surrogate ${codepoint(c)} at index ${i}`, { codepoint: codepoint(c), index: i, position: i + 1 });
  }
}

function checkControls(text: string) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isControl = (c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) || c === 0xfffe || c === 0xffff;
    if (isControl) {
      throw new AppError('control_character', 422, `control character ${codepoint(c)} at index ${i}`, { codepoint: codepoint(c), index: i, position: i + 1 });
    }
  }
}

/** Every embedding/override needs its PDF and every isolate its PDI within the same line (UAX #9). */
function checkBidi(text: string) {
  const open: { kind: 'embedding' | 'isolate'; index: number; char: string }[] = [];
  const fail = (char: string, index: number) => {
    throw new AppError('unbalanced_bidi_control', 422, `unbalanced bidi control ${codepoint(char.charCodeAt(0))} at index ${index}`,
      { codepoint: codepoint(char.charCodeAt(0)), index, position: index + 1 });
  };
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (ch === undefined || ch === '\n') {
      if (open.length) fail(open[0].char, open[0].index);
      continue;
    }
    const kind = BIDI_OPENERS[ch];
    if (kind) open.push({ kind, index: i, char: ch });
    else if (ch === PDF || ch === PDI) {
      const want = ch === PDF ? 'embedding' : 'isolate';
      const top = open[open.length - 1];
      if (!top || top.kind !== want) fail(ch, i);
      open.pop();
    }
  }
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function countGraphemes(text: string): number {
  let n = 0;
  for (const _ of graphemes.segment(text)) n++;
  return n;
}

function checkLength(text: string, sourceText: string) {
  // Cheap bounds first (a text of N code units has at most N graphemes): counting graphemes is the slow part
  // of checking a 10,000-unit XLIFF import, and almost every text is far below the cap.
  if (text.length <= MAX_TARGET_GRAPHEMES) return;
  const max = Math.max(MAX_TARGET_GRAPHEMES, MAX_TARGET_RATIO * countGraphemes(sourceText));
  if (text.length <= max) return;
  const actual = countGraphemes(text);
  if (actual > max) throw new AppError('segment_too_long', 422, `target has ${actual} graphemes, at most ${max} allowed`, { max, actual });
}
