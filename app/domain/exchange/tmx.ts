import { AppError } from '../errors';
import { normaliseLanguageTag } from '../languages';
import { PLACEHOLDER_LIKE } from '../segmentation/inline-spans';
import type { InlineCode } from '../segmentation/types';
import { parsePlaceholders } from '../text/placeholders';
import { attr, attrs, escapeText, parseXml, textContent, XML_NS, type XmlElement, type XmlNode } from './xml';

/**
 * TMX 1.4b, the translation-memory exchange format: writing a project's memory for one language pair, and
 * reading memory that comes from other tools (DESIGN.md "Translation memory").
 *
 * Inline codes are written as level-2 TMX codes whose content is the XLIFF 1.2 markup our XLIFF export uses:
 * `{n}…{/n}` → `<bpt i="n">&lt;g id="n"&gt;</bpt>…<ept i="n">&lt;/g&gt;</ept>` and `{n/}` → `<ph x="n">&lt;x id="n"/&gt;</ph>`.
 * OmegaT 3.6 names a TMX code after the first letter of its content and an XLIFF code after its element, so
 * these become the same `<g0>`/`<x0/>` shortcuts as the `<g>`/`<x/>` of our XLIFF files and the memory matches
 * them (measured with OmegaT 3.6 headless; tests/integration/omegat.test.ts shows it); codes carrying the original HTML
 * or Markdown would not.
 */

export interface TmxUnit {
  /** Source text as a translator sees it: inline codes as placeholders (`{1}…{/1}`, `{2/}`). */
  source: string;
  target: string;
  /**
   * The source's inline codes: a link, emphasis, strong or footnote code gets its TMX `type` for tools that show
   * it (OmegaT 3.6 matches the codes with or without it: measured with tools/omegat-roundtrip).
   */
  codes?: readonly InlineCode[];
  note?: string;
  /** Milliseconds since the epoch: the unit's `changedate`. */
  changedAt?: number;
}

export interface TmxTool {
  name: string;
  version: string;
}

/**
 * A TMX 1.4 document for one language pair, valid against tmx14.dtd. The output depends only on the input (no
 * clock), so the same memory exports byte for byte the same. It declares no DOCTYPE: our own import refuses
 * every DOCTYPE, and a validator is given the DTD (`xmllint --dtdvalid`).
 */
export function writeTmx(input: { sourceLang: string; targetLang: string; units: readonly TmxUnit[]; tool: TmxTool }): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n',
    `  <header${attrs([
      ['creationtool', input.tool.name], ['creationtoolversion', input.tool.version], ['segtype', 'sentence'],
      ['o-tmf', 'letter-workbench'], ['adminlang', 'en'], ['srclang', input.sourceLang], ['datatype', 'plaintext'],
    ])}/>\n  <body>\n`,
  ];
  for (const unit of input.units) {
    out.push(`    <tu${attrs([['changedate', unit.changedAt === undefined ? null : tmxDate(unit.changedAt)]])}>\n`);
    if (unit.note) out.push(`      <note>${escapeText(unit.note)}</note>\n`);
    // Never indented inside <seg>: a tool reads every character there as part of the text.
    out.push(`      <tuv${attrs([['xml:lang', input.sourceLang]])}><seg>${segContent(unit.source, unit.codes)}</seg></tuv>\n`);
    out.push(`      <tuv${attrs([['xml:lang', input.targetLang]])}><seg>${segContent(unit.target, unit.codes)}</seg></tuv>\n`);
    out.push('    </tu>\n');
  }
  out.push('  </body>\n</tmx>\n');
  return out.join('');
}

/** TMX dates are ISO 8601 basic format in UTC: `20121203T141500Z`. */
function tmxDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

// TMX 1.4 recommends these `type` values; an inline code kind without an equivalent gets none.
const PAIRED_TYPES: Partial<Record<InlineCode['kind'], string>> = { link: 'link', emphasis: 'italic', strong: 'bold' };
const STANDALONE_TYPES: Partial<Record<InlineCode['kind'], string>> = { 'footnote-ref': 'fnote' };

function segContent(text: string, codes: readonly InlineCode[] = []): string {
  const parts = parsePlaceholders(text);
  const kinds = new Map(codes.map((c) => [c.id, c.kind]));
  // A `{n}` without its `{/n}` (or the reverse) cannot be a <bpt>/<ept> pair: TMX calls it an isolated code.
  const pairedOpen = new Set<number>();
  const pairedClose = new Set<number>();
  parts.forEach((part, at) => {
    if (part.type !== 'open') return;
    const close = parts.findIndex((p, j) => j > at && !pairedClose.has(j) && p.type === 'close' && p.id === part.id);
    if (close < 0) return;
    pairedOpen.add(at);
    pairedClose.add(close);
  });

  let out = '';
  parts.forEach((part, at) => {
    if (part.type === 'text') {
      out += escapeText(part.text);
      return;
    }
    const n = part.id;
    const kind = kinds.get(n);
    if (part.type === 'standalone') {
      out += `<ph${attrs([['x', n], ['type', kind && STANDALONE_TYPES[kind]]])}>${escapeText(`<x id="${n}"/>`)}</ph>`;
    } else if (part.type === 'open') {
      out += pairedOpen.has(at)
        ? `<bpt${attrs([['i', n], ['type', kind && PAIRED_TYPES[kind]]])}>${escapeText(`<g id="${n}">`)}</bpt>`
        : `<it${attrs([['pos', 'begin'], ['x', n]])}>${escapeText(`<g id="${n}">`)}</it>`;
    } else {
      out += pairedClose.has(at)
        ? `<ept${attrs([['i', n]])}>${escapeText('</g>')}</ept>`
        : `<it${attrs([['pos', 'end'], ['x', n]])}>${escapeText('</g>')}</it>`;
    }
  });
  return out;
}

// Reading.

export interface TmxReadUnit {
  /** Line of the `<tu>` in the file, for messages. */
  line: number;
  /** The language of this unit's source variant, a key of `variants`. */
  srcLang: string;
  /** Each variant's text by language (BCP 47 case), inline codes as placeholders numbered alike in every variant. */
  variants: Map<string, string>;
}

export interface TmxDocument {
  /** The header's source language (BCP 47 case), or `*all*`: then each unit names its own (`srcLang`). */
  srcLang: string;
  units: TmxReadUnit[];
}

export const ALL_LANGUAGES = '*all*';

/**
 * Reads a TMX 1.4(b) document (through `parseXml`: a DOCTYPE only as a bare `SYSTEM "tmx14.dtd"` reference, never
 * with entities; depth limit; control characters refused).
 * Refuses with `not_tmx` a file that is not TMX 1.4, and with `invalid_tmx`, its line and a reason, anything in
 * it we could not read faithfully: no text is silently dropped or guessed (`<note>` and `<prop>` are not kept). Inline codes become placeholders
 * numbered from 1 in the order they appear in the source variant; a code in another variant gets the number of
 * the source code it corresponds to (same `x`, or same `i` for a `<bpt>` without `x`, or else same content).
 * Text is NFC, as every text we store.
 */
export function readTmx(text: string, fileName = 'the file'): TmxDocument {
  const root = parseXml(text, { allowExternalDoctype: true });
  const notTmx = (reason: string) => new AppError('not_tmx', 422, `${fileName} is not a TMX file: ${reason}`, { fileName, reason });
  if (root.local !== 'tmx' || root.uri !== '') throw notTmx(`its root element is <${root.name}>, not <tmx>`);
  const version = attr(root, 'version');
  if (version !== '1.4' && version !== '1.4b') {
    throw notTmx(version === undefined ? 'the <tmx> element has no version' : `it is TMX version ${version}; only TMX 1.4 (1.4b) is read`);
  }
  const header = only(root, 'header');
  const body = only(root, 'body');
  const declared = attr(header, 'srclang')?.trim();
  if (!declared) throw invalid(header.line, 'the <header> has no srclang');
  const srcLang = declared.toLowerCase() === ALL_LANGUAGES ? ALL_LANGUAGES : language(declared, header.line);

  const units: TmxReadUnit[] = [];
  for (const child of body.children) {
    if (child.type !== 'element') continue;
    if (child.local !== 'tu' || child.uri !== '') throw invalid(child.line, `<${child.name}> is not allowed in <body>, only <tu>`);
    units.push(readUnit(child, srcLang));
  }
  return { srcLang, units };
}

function invalid(line: number, reason: string): AppError {
  return new AppError('invalid_tmx', 422, `the TMX file is not valid at line ${line}: ${reason}`, { line, reason });
}

function only(parent: XmlElement, local: string): XmlElement {
  const found = parent.children.filter((c): c is XmlElement => c.type === 'element' && c.local === local && c.uri === '');
  if (found.length === 0) throw invalid(parent.line, `<${parent.name}> has no <${local}>`);
  if (found.length > 1) throw invalid(found[1].line, `<${parent.name}> has more than one <${local}>`);
  return found[0];
}

// A memory of 700,000 units names the same two or three tags 1.4 million times; Intl is slow enough to notice.
const normalisedTags = new Map<string, string>();

function language(tag: string, line: number): string {
  let normalised = normalisedTags.get(tag);
  if (normalised === undefined) {
    normalised = normaliseLanguageTag(tag);
    if (normalisedTags.size < 1000) normalisedTags.set(tag, normalised);
  }
  if (!/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/.test(normalised)) throw invalid(line, `"${tag}" is not a language tag`);
  return normalised;
}

const primary = (tag: string) => tag.split('-')[0].toLowerCase();

function readUnit(tu: XmlElement, headerSrcLang: string): TmxReadUnit {
  const variants: { lang: string; seg: XmlElement }[] = [];
  for (const child of tu.children) {
    if (child.type !== 'element' || (child.uri === '' && (child.local === 'note' || child.local === 'prop'))) continue;
    if (child.local !== 'tuv' || child.uri !== '') throw invalid(child.line, `<${child.name}> is not allowed in <tu>`);
    // `lang` is TMX 1.1–1.2's spelling, still found in old memories.
    const declared = (attr(child, 'lang', XML_NS) ?? attr(child, 'lang'))?.trim();
    if (!declared) throw invalid(child.line, 'a <tuv> has no xml:lang');
    const lang = language(declared, child.line);
    if (variants.some((v) => v.lang === lang)) throw invalid(child.line, `this <tu> has two variants in ${lang}`);
    variants.push({ lang, seg: segOf(child) });
  }
  if (variants.length < 2) {
    throw invalid(tu.line, `a <tu> needs at least two <tuv> (a source and a translation); this one has ${variants.length}`);
  }
  // A unit may name its own source language; with `*all*` the first variant is the source.
  const own = attr(tu, 'srclang')?.trim();
  const declared = own || headerSrcLang;
  const wanted = declared.toLowerCase() === ALL_LANGUAGES ? variants[0].lang : language(declared, tu.line);
  const source = variants.find((v) => v.lang === wanted) ?? variants.find((v) => primary(v.lang) === primary(wanted));
  if (!source) throw invalid(tu.line, `this <tu> has no variant in its source language ${wanted}`);

  const numbers = new CodeNumbers();
  const texts = new Map<string, string>();
  texts.set(source.lang, readSeg(source.seg, numbers.forSource()));
  for (const v of variants) if (v !== source) texts.set(v.lang, readSeg(v.seg, numbers.forVariant()));
  // In file order, as the variants were written.
  const ordered = new Map(variants.map((v) => [v.lang, texts.get(v.lang)!]));
  return { line: tu.line, srcLang: source.lang, variants: ordered };
}

function segOf(tuv: XmlElement): XmlElement {
  let seg: XmlElement | undefined;
  for (const child of tuv.children) {
    if (child.type !== 'element' || (child.uri === '' && (child.local === 'note' || child.local === 'prop'))) continue;
    if (child.local !== 'seg' || child.uri !== '') throw invalid(child.line, `<${child.name}> is not allowed in <tuv>`);
    if (seg) throw invalid(child.line, 'a <tuv> has more than one <seg>');
    seg = child;
  }
  if (!seg) throw invalid(tuv.line, 'a <tuv> has no <seg>');
  return seg;
}

/**
 * Numbers the inline codes of one unit. The source variant numbers its codes 1, 2, … in order; each other
 * variant takes the number of the source code with the same key, once, and numbers past the source's otherwise.
 */
class CodeNumbers {
  private readonly byKey = new Map<string, number>();
  private next = 1;

  forSource(): Take {
    return (keys) => {
      const n = this.next++;
      for (const key of keys) if (!this.byKey.has(key)) this.byKey.set(key, n);
      return n;
    };
  }

  forVariant(): Take {
    const used = new Set<number>();
    let extra = this.next;
    return (keys) => {
      for (const key of keys) {
        const n = this.byKey.get(key);
        if (n !== undefined && !used.has(n)) {
          used.add(n);
          return n;
        }
      }
      return extra++;
    };
  }
}

/** The number of a code, given the keys it may correspond by, best first. */
type Take = (keys: string[]) => number;

const LITERAL_PLACEHOLDER = new RegExp(PLACEHOLDER_LIKE.source, 'g');

/** The text of a `<seg>` with placeholders for its codes. */
function readSeg(seg: XmlElement, take: Take): string {
  const reader = new SegReader(take);
  reader.walk(seg.children);
  for (const [i, begun] of reader.open) throw invalid(begun.line, `a <bpt i="${i}"> is never closed by an <ept i="${i}">`);
  return reader.out;
}

class SegReader {
  out = '';
  /** Paired codes begun and not yet ended, by their `i`. */
  readonly open = new Map<string, { n: number; line: number }>();
  private readonly occurrences = new Map<string, number>();

  constructor(private readonly take: Take) {}

  /** Codes without an `x` are told apart by what they are and how many alike came before. */
  private nth(key: string): string {
    const n = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, n);
    return `${key}#${n}`;
  }

  walk(nodes: XmlNode[]): void {
    for (const node of nodes) {
      if (node.type === 'text') this.text(node.text);
      else this.code(node);
    }
  }

  /** Literal text that looks like one of our placeholders becomes a code, as the segmenter does with a source. */
  private text(raw: string): void {
    const text = raw.normalize('NFC');
    this.out += text.includes('{') ? text.replace(LITERAL_PLACEHOLDER, (literal) => `{${this.take([this.nth(`s:t:${literal}`)])}/}`) : text;
  }

  private code(node: XmlElement): void {
    const x = attr(node, 'x');
    const name = node.uri === '' ? node.local : node.name;
    switch (name) {
      case 'bpt': {
        const i = attr(node, 'i');
        if (i === undefined) throw invalid(node.line, 'a <bpt> has no i attribute');
        if (this.open.has(i)) throw invalid(node.line, `a second <bpt i="${i}"> opens before the first is closed`);
        const n = this.take(x !== undefined ? [`p:x:${x}`, `p:i:${i}`] : [`p:i:${i}`]);
        this.open.set(i, { n, line: node.line });
        this.out += `{${n}}`;
        return;
      }
      case 'ept': {
        const i = attr(node, 'i');
        if (i === undefined) throw invalid(node.line, 'an <ept> has no i attribute');
        const begun = this.open.get(i);
        if (!begun) throw invalid(node.line, `an <ept i="${i}"> has no <bpt i="${i}"> before it`);
        this.open.delete(i);
        this.out += `{/${begun.n}}`;
        return;
      }
      case 'ph':
      case 'it':
      case 'ut': {
        const byContent = this.nth(`s:c:${name}:${textContent(node)}`);
        this.out += `{${this.take(x !== undefined ? [`s:x:${x}`, byContent] : [byContent])}/}`;
        return;
      }
      case 'hi': {
        const n = this.take(x !== undefined ? [`p:x:${x}`, this.nth('p:hi')] : [this.nth('p:hi')]);
        this.out += `{${n}}`;
        this.walk(node.children);
        this.out += `{/${n}}`;
        return;
      }
      default:
        throw invalid(node.line, `<${node.name}> is not allowed in <seg>`);
    }
  }
}
