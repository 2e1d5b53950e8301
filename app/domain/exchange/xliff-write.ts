import type { InlineCode } from '../segmentation/types';
import { parsePlaceholders } from '../text/placeholders';
import type { StateName } from '../translation-state';
import { attrs, escapeText } from './xml';

/**
 * Writing one document × language as XLIFF 1.2 or 2.0 for a translator who works in a CAT tool (OmegaT, Trados,
 * memoQ). Written by hand rather than with the `xliff` package: that package has no notion of `state`, drops
 * note authors and `<originalData>`, and pretty-prints inside mixed content (measured; see
 * docs/decisions/006-xliff-exchange.md). The mapping, both ways:
 *
 * | ours         | 1.2 `<target state>` (+ `approved`)      | 2.0 `<segment state>`          |
 * |--------------|------------------------------------------|--------------------------------|
 * | untranslated | no `<target>`                            | `initial`, no `<target>`       |
 * | needs-work   | `needs-review-translation`               | `initial` with a `<target>`    |
 * | translated   | `translated`                             | `translated`                   |
 * | approved     | `final` + `approved="yes"`               | `final`                        |
 *
 * Each unit carries the translation version it was exported at (1.2 `extradata` with `extype`, 2.0 metadata), so
 * an import can tell a translator's change from one made in the app meanwhile. Non-translatable segments
 * (metadata lines, signatories by default) are left out: there is nothing to translate in them, and a CAT tool
 * would count them as work. Output is deterministic (no dates), so exporting unchanged data gives the same bytes.
 */

export const XLIFF12_NS = 'urn:oasis:names:tc:xliff:document:1.2';
export const XLIFF20_NS = 'urn:oasis:names:tc:xliff:document:2.0';
export const MDA_NS = 'urn:oasis:names:tc:xliff:metadata:2.0';
/** Names our own metadata in files (1.2 `extype`, 2.0 metaGroup category). */
export const TOOL_ID = 'letter-workbench';
export const VERSION_EXTYPE = 'x-letter-workbench-version';

export interface ExchangeHeader {
  project: string;
  document: string;
  /** The number of the source version the units were exported from. */
  sourceVersion: number;
  sourceLang: string;
  targetLang: string;
  mediaType: string;
}

export interface ExchangeNote {
  author: string;
  text: string;
}

export interface ExchangeUnit {
  /** The segment's stable key: the unit id. */
  id: string;
  kind: string;
  /** Source as the translator sees it, with placeholders ({1}…{/1}, {2/}). */
  source: string;
  codes: InlineCode[];
  /** The translation with placeholders; empty when untranslated. */
  target: string;
  state: StateName;
  /** The translation's version (0 when nobody has saved it yet). */
  version: number;
  notes: ExchangeNote[];
}

const DATATYPE: Record<string, string> = { 'text/plain': 'plaintext', 'text/markdown': 'x-markdown', 'text/html': 'html' };

export function documentOriginal(header: Pick<ExchangeHeader, 'project' | 'document'>): string {
  return `${header.project}/${header.document}`;
}

// 1.2 ctype: the spec's names where one fits (bold, italic, link), else an x- name of our code kind.
function ctype12(code: InlineCode): string {
  if (code.paired) {
    if (code.kind === 'link') return 'link';
    if (code.kind === 'strong') return 'bold';
    if (code.kind === 'emphasis') return 'italic';
  }
  return `x-${code.kind}`;
}

/** Placeholder text as XLIFF 1.2 inline content: `<g id ctype>…</g>` for paired codes, `<x id ctype equiv-text/>` for standalone. */
export function inline12(text: string, codes: readonly InlineCode[]): string {
  const byId = new Map(codes.map((c) => [c.id, c]));
  let out = '';
  for (const part of parsePlaceholders(text)) {
    const code = part.type === 'text' ? undefined : byId.get(part.id);
    if (part.type === 'text' || !code) out += escapeText(part.type === 'text' ? part.text : part.token);
    else if (part.type === 'open') out += `<g${attrs([['id', code.id], ['ctype', ctype12(code)]])}>`;
    else if (part.type === 'close') out += '</g>';
    else out += `<x${attrs([['id', code.id], ['ctype', ctype12(code)], ['equiv-text', code.open]])}/>`;
  }
  return out;
}

const STATE12: Record<StateName, string | null> = {
  untranslated: null, 'needs-work': 'needs-review-translation', translated: 'translated', approved: 'final',
};

export function writeXliff12(header: ExchangeHeader, units: readonly ExchangeUnit[]): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.push(`<xliff version="1.2" xmlns="${XLIFF12_NS}">\n`);
  out.push(`<file${attrs([
    ['original', documentOriginal(header)], ['source-language', header.sourceLang], ['target-language', header.targetLang],
    ['datatype', DATATYPE[header.mediaType] ?? 'plaintext'], ['tool-id', TOOL_ID], ['product-name', header.project],
    ['build-num', header.sourceVersion],
  ])}>\n`);
  out.push(`<header><tool${attrs([['tool-id', TOOL_ID], ['tool-name', 'Letter Workbench']])}/></header>\n`);
  out.push('<body>\n');
  for (const unit of units) {
    const approved = unit.state === 'approved' ? 'yes' : null;
    out.push(`<trans-unit${attrs([
      ['id', unit.id], ['restype', `x-${unit.kind}`], ['extype', VERSION_EXTYPE], ['extradata', unit.version], ['approved', approved],
    ])} xml:space="preserve">`);
    out.push(`<source>${inline12(unit.source, unit.codes)}</source>`);
    const state = STATE12[unit.state];
    if (state !== null && unit.target !== '') out.push(`<target${attrs([['state', state]])}>${inline12(unit.target, unit.codes)}</target>`);
    for (const note of unit.notes) out.push(`<note${attrs([['from', note.author]])}>${escapeText(note.text)}</note>`);
    out.push('</trans-unit>\n');
  }
  out.push('</body>\n</file>\n</xliff>\n');
  return out.join('');
}

/**
 * Placeholder text as XLIFF 2.0 inline content: `<pc>` and `<ph/>` whose original markup sits in the unit's
 * `<originalData>` (data ids `dN` for the start or the whole code, `dN-end` for the end of a paired one).
 */
export function inline20(text: string, codes: readonly InlineCode[]): string {
  const byId = new Map(codes.map((c) => [c.id, c]));
  let out = '';
  for (const part of parsePlaceholders(text)) {
    const code = part.type === 'text' ? undefined : byId.get(part.id);
    if (part.type === 'text' || !code) out += escapeText(part.type === 'text' ? part.text : part.token);
    else if (part.type === 'open') out += `<pc${attrs([['id', code.id], ['dataRefStart', `d${code.id}`], ['dataRefEnd', `d${code.id}-end`]])}>`;
    else if (part.type === 'close') out += '</pc>';
    else out += `<ph${attrs([['id', code.id], ['dataRef', `d${code.id}`]])}/>`;
  }
  return out;
}

function originalData(codes: readonly InlineCode[]): string {
  if (!codes.length) return '';
  let out = '<originalData>';
  for (const code of codes) {
    out += `<data id="d${code.id}">${escapeText(code.open)}</data>`;
    if (code.paired) out += `<data id="d${code.id}-end">${escapeText(code.close)}</data>`;
  }
  return `${out}</originalData>`;
}

const STATE20: Record<StateName, string> = { untranslated: 'initial', 'needs-work': 'initial', translated: 'translated', approved: 'final' };

function meta(pairs: readonly (readonly [string, string | number])[]): string {
  return `<mda:metadata><mda:metaGroup category="${TOOL_ID}">${pairs.map(([type, value]) => `<mda:meta type="${type}">${escapeText(String(value))}</mda:meta>`).join('')}</mda:metaGroup></mda:metadata>`;
}

export function writeXliff20(header: ExchangeHeader, units: readonly ExchangeUnit[]): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  out.push(`<xliff xmlns="${XLIFF20_NS}" xmlns:mda="${MDA_NS}" version="2.0"${attrs([['srcLang', header.sourceLang], ['trgLang', header.targetLang]])}>\n`);
  out.push(`<file${attrs([['id', 'f1'], ['original', documentOriginal(header)]])} xml:space="preserve">\n`);
  out.push(`${meta([['project', header.project], ['document', header.document], ['source-version', header.sourceVersion], ['media-type', header.mediaType]])}\n`);
  for (const unit of units) {
    out.push(`<unit${attrs([['id', unit.id], ['type', `${TOOL_ID}:${unit.kind}`]])}>`);
    out.push(meta([['version', unit.version]]));
    if (unit.notes.length) out.push(`<notes>${unit.notes.map((n) => `<note category="comment">${escapeText(`${n.author}: ${n.text}`)}</note>`).join('')}</notes>`);
    out.push(originalData(unit.codes));
    out.push(`<segment${attrs([['state', STATE20[unit.state]]])}>`);
    out.push(`<source>${inline20(unit.source, unit.codes)}</source>`);
    if (unit.state !== 'untranslated' && unit.target !== '') out.push(`<target>${inline20(unit.target, unit.codes)}</target>`);
    out.push('</segment></unit>\n');
  }
  out.push('</file>\n</xliff>\n');
  return out.join('');
}
