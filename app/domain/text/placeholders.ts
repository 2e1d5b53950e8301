import type { InlineCode } from '../segmentation/types';

/**
 * Placeholders are how a translator sees inline codes: `{1}…{/1}` around paired markup, `{2/}` for a
 * standalone piece (DESIGN.md "Inline code"). A target must carry exactly the source's codes, paired ones
 * opened before they are closed.
 */

export type TextPart =
  | { type: 'text'; text: string }
  | { type: 'open' | 'close' | 'standalone'; id: number; token: string };

const PLACEHOLDER = /\{(\/?)(\d{1,4})(\/?)\}/g;

/** Splits a text with placeholders into text and code parts; `{1/}` and `{/1}` never both at once. */
export function parsePlaceholders(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let cursor = 0;
  PLACEHOLDER.lastIndex = 0;
  for (let m = PLACEHOLDER.exec(text); m; m = PLACEHOLDER.exec(text)) {
    const [token, closing, digits, selfClosing] = m;
    if (closing && selfClosing) continue;
    if (m.index > cursor) parts.push({ type: 'text', text: text.slice(cursor, m.index) });
    const id = Number(digits);
    parts.push({ type: closing ? 'close' : selfClosing ? 'standalone' : 'open', id, token });
    cursor = m.index + token.length;
  }
  if (cursor < text.length) parts.push({ type: 'text', text: text.slice(cursor) });
  return parts;
}

/** The placeholder tokens a text must contain for these codes, in source order. */
export function expectedTokens(codes: readonly Pick<InlineCode, 'id' | 'paired'>[]): string[] {
  return codes.flatMap((c) => (c.paired ? [`{${c.id}}`, `{/${c.id}}`] : [`{${c.id}/}`]));
}

export interface PlaceholderProblems {
  missing: string[];
  unexpected: string[];
  /** Paired codes closed before they were opened, or overlapping another pair. */
  misordered: string[];
}

export function checkPlaceholders(target: string, codes: readonly InlineCode[]): PlaceholderProblems | null {
  const expected = expectedTokens(codes);
  const found = parsePlaceholders(target).filter((p) => p.type !== 'text') as Extract<TextPart, { id: number }>[];
  const remaining = [...expected];
  const unexpected: string[] = [];
  for (const part of found) {
    const at = remaining.indexOf(part.token);
    if (at >= 0) remaining.splice(at, 1);
    else unexpected.push(part.token);
  }
  const misordered: string[] = [];
  const stack: number[] = [];
  for (const part of found) {
    if (part.type === 'open') stack.push(part.id);
    if (part.type === 'close') {
      if (stack[stack.length - 1] === part.id) stack.pop();
      else misordered.push(part.token);
    }
  }
  if (!remaining.length && !unexpected.length && !misordered.length) return null;
  return { missing: remaining, unexpected, misordered };
}

/** Puts the original markup back in place of placeholders (for export and publishing). */
export function restoreMarkup(text: string, codes: readonly InlineCode[]): string {
  const byId = new Map(codes.map((c) => [c.id, c]));
  return parsePlaceholders(text).map((part) => {
    if (part.type === 'text') return part.text;
    const code = byId.get(part.id);
    if (!code) return part.token;
    return part.type === 'close' ? code.close : code.open;
  }).join('');
}

/** The text without any placeholder: what a reader reads and what words are counted in. */
export function withoutPlaceholders(text: string): string {
  return parsePlaceholders(text).map((p) => (p.type === 'text' ? p.text : '')).join('');
}
