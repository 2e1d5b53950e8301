import { AppError } from '../errors';
import { normaliseLanguageTag } from '../languages';
import type { StateName } from '../translation-state';
import { MDA_NS, TOOL_ID, VERSION_EXTYPE, XLIFF12_NS, XLIFF20_NS } from './xliff-write';
import { xliff20Violations, type Xliff20Options } from './xliff20-rules';
import { attr, childElements, firstChild, parseXml, textContent, type XmlElement } from './xml';

/**
 * Reading an XLIFF 1.2 or 2.0 file that comes back from a CAT tool into plain units, trusting nothing: the XML is
 * parsed safely (xml.ts), 2.0 is checked against the core rules (xliff20-rules.ts), every unit id is kept as a
 * plain string (a unit called `__proto__` is a unit like any other), a duplicate id refuses the file, and an
 * element we do not know inside a source or target refuses it too, naming the element and line — nothing is
 * dropped silently. Inline codes become our placeholders again: 1.2 `<g>`/`<bx>`/`<ex>`/`<bpt>`/`<ept>` → `{n}`,
 * `{/n}`; `<x>`/`<ph>`/`<it>` → `{n/}`; 2.0 `<pc>`/`<sc>`/`<ec>` → `{n}`, `{/n}`, `<ph>` → `{n/}`. Annotations
 * (`<mrk>`, 2.0 `<sm>`/`<em>`) are not codes: their text is kept and the markers go.
 */

export interface ImportedNote {
  from: string | null;
  text: string;
}

export interface ImportedUnit {
  id: string;
  line: number;
  /** Source with our placeholders. */
  source: string;
  /** Target with our placeholders; null when the unit has no `<target>`. */
  target: string | null;
  /** The file's state mapped to ours; null when the file says nothing. */
  state: StateName | null;
  /** The state as written in the file (for the preview and the logs). */
  fileState: string | null;
  /** The translation version this unit was exported at (our own files); null from elsewhere. */
  version: number | null;
  notes: ImportedNote[];
}

export interface ImportedXliff {
  xliffVersion: '1.2' | '2.0';
  sourceLang: string;
  targetLang: string | null;
  /** `project/document` when the file names them (our exports do). */
  project: string | null;
  document: string | null;
  sourceVersion: number | null;
  units: ImportedUnit[];
}

function refuse(code: 'not_xliff' | 'unsupported_xliff' | 'invalid_xliff', message: string, details: Record<string, unknown>): never {
  throw new AppError(code, 422, message, details);
}

/** `options.extensionPrefixes`: fragment-identifier prefixes registered besides the core and module ones (2.0). */
export function readXliff(text: string, fileName = 'file.xlf', options: Xliff20Options = {}): ImportedXliff {
  const root = parseXml(text);
  if (root.local !== 'xliff') refuse('not_xliff', `the root element is <${root.name}>, not <xliff>`, { fileName, reason: `root element <${root.name}>`, line: root.line });
  if (root.uri === XLIFF20_NS) return read20(root, options);
  if (root.uri === XLIFF12_NS || (root.uri === '' && attr(root, 'version')?.startsWith('1.'))) return read12(root);
  refuse('not_xliff', `unknown XLIFF namespace "${root.uri}" (version ${attr(root, 'version') ?? '?'})`, { fileName, reason: `namespace ${root.uri || '(none)'}`, line: root.line });
}

class UnitCollector {
  readonly units: ImportedUnit[] = [];
  private readonly seen = new Map<string, number>();

  add(unit: ImportedUnit) {
    const first = this.seen.get(unit.id);
    if (first !== undefined) {
      throw new AppError('duplicate_unit_id', 422, `unit id "${unit.id}" appears twice (lines ${first} and ${unit.line})`, { id: unit.id, line: unit.line, firstLine: first });
    }
    this.seen.set(unit.id, unit.line);
    this.units.push(unit);
  }
}

function versionNumber(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}

// ----- 1.2

const STATE_FROM_12: Record<string, StateName> = {
  new: 'untranslated',
  'needs-translation': 'untranslated',
  'needs-adaptation': 'needs-work', 'needs-l10n': 'needs-work',
  'needs-review-translation': 'needs-work', 'needs-review-adaptation': 'needs-work', 'needs-review-l10n': 'needs-work',
  translated: 'translated',
  'signed-off': 'approved', final: 'approved',
};

function read12(root: XmlElement): ImportedXliff {
  const files = childElements(root, 'file');
  if (files.length === 0) refuse('not_xliff', 'the file has no <file> element', { reason: 'no <file>', line: root.line });
  if (files.length > 1) refuse('unsupported_xliff', `${files.length} <file> elements: export and import one document at a time`, { feature: 'several <file> elements', line: files[1].line });
  const file = files[0];
  const sourceLang = attr(file, 'source-language');
  if (!sourceLang) refuse('invalid_xliff', '<file> has no source-language', { reason: '<file> without source-language', line: file.line });
  const body = firstChild(file, 'body');
  if (!body) refuse('invalid_xliff', '<file> has no <body>', { reason: '<file> without <body>', line: file.line });
  const original = attr(file, 'original') ?? '';
  const named = /^([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9-]*)$/.exec(original);
  const collector = new UnitCollector();
  const walk = (container: XmlElement) => {
    for (const child of childElements(container)) {
      if (child.local === 'group') walk(child);
      else if (child.local === 'trans-unit') collector.add(unit12(child));
      else if (child.local === 'bin-unit') refuse('unsupported_xliff', 'binary units (<bin-unit>) cannot be imported', { feature: '<bin-unit>', line: child.line });
    }
  };
  walk(body);
  const targetLang = attr(file, 'target-language');
  return {
    xliffVersion: '1.2',
    sourceLang: normaliseLanguageTag(sourceLang),
    targetLang: targetLang ? normaliseLanguageTag(targetLang) : null,
    project: named?.[1] ?? null,
    document: named?.[2] ?? null,
    sourceVersion: named ? versionNumber(attr(file, 'build-num')) : null,
    units: collector.units,
  };
}

function unit12(unit: XmlElement): ImportedUnit {
  const id = attr(unit, 'id');
  if (id === undefined || id === '') refuse('invalid_xliff', '<trans-unit> without id', { reason: '<trans-unit> without id', line: unit.line });
  const sourceElement = firstChild(unit, 'source');
  if (!sourceElement) refuse('invalid_xliff', `unit "${id}" has no <source>`, { reason: 'no <source>', id, line: unit.line });
  const targetElement = firstChild(unit, 'target');
  const idMap = new InlineIds();
  const source = inlineText12(sourceElement, id, idMap);
  const target = targetElement ? inlineText12(targetElement, id, idMap) : null;
  const fileState = targetElement ? attr(targetElement, 'state') ?? null : null;
  let state: StateName | null = fileState === null ? null : STATE_FROM_12[fileState] ?? null;
  if (attr(unit, 'approved') === 'yes' && target !== null) state = 'approved';
  const ours = attr(unit, 'extype') === VERSION_EXTYPE;
  return {
    id, line: unit.line, source, target, state, fileState: attr(unit, 'approved') === 'yes' ? `${fileState ?? ''}+approved` : fileState,
    version: ours ? versionNumber(attr(unit, 'extradata')) : null,
    notes: childElements(unit, 'note').map((n) => ({ from: attr(n, 'from') ?? null, text: textContent(n) })),
  };
}

/**
 * Our placeholders are numbers; a file may name its codes anything (`g1`, `a`). Codes keep their number when
 * it is one, else get the next free number, the same for source and target so they still match each other.
 */
class InlineIds {
  private readonly map = new Map<string, number>();
  private next = 1000;

  number(id: string): number {
    let n = this.map.get(id);
    if (n === undefined) {
      n = /^[1-9]\d{0,3}$/.test(id) ? Number(id) : this.next++;
      this.map.set(id, n);
    }
    return n;
  }
}

function inlineText12(element: XmlElement, unitId: string, ids: InlineIds): string {
  let out = '';
  const codeId = (el: XmlElement) => {
    const id = attr(el, 'id') ?? attr(el, 'rid');
    if (id === undefined) refuse('invalid_xliff', `<${el.local}> without id in unit "${unitId}"`, { reason: `<${el.local}> without id`, id: unitId, line: el.line });
    return ids.number(id);
  };
  const visit = (node: XmlElement) => {
    for (const child of node.children) {
      if (child.type === 'text') { out += child.text; continue; }
      if (child.uri !== XLIFF12_NS && child.uri !== '') unknownInline(child, unitId);
      switch (child.local) {
        case 'g': { const n = codeId(child); out += `{${n}}`; visit(child); out += `{/${n}}`; break; }
        case 'bx': case 'bpt': out += `{${codeId(child)}}`; break;
        case 'ex': case 'ept': out += `{/${codeId(child)}}`; break;
        case 'x': case 'ph': case 'it': out += `{${codeId(child)}/}`; break;
        case 'mrk': visit(child); break;
        default: unknownInline(child, unitId);
      }
    }
  };
  visit(element);
  return out;
}

function unknownInline(element: XmlElement, unitId: string): never {
  refuse('unsupported_xliff', `unit "${unitId}" holds <${element.name}>, which is not XLIFF inline markup we can keep`, {
    feature: `<${element.name}>`, id: unitId, line: element.line,
  });
}

// ----- 2.0

const STATE_FROM_20: Record<string, StateName> = { initial: 'untranslated', translated: 'translated', reviewed: 'approved', final: 'approved' };

function read20(root: XmlElement, options: Xliff20Options): ImportedXliff {
  const violations = xliff20Violations(root, options);
  if (violations.length) {
    const first = violations[0];
    refuse('invalid_xliff', `line ${first.line}: ${first.message}`, { reason: first.message, rule: first.rule, line: first.line, column: first.column, count: violations.length });
  }
  const files = childElements(root, 'file', XLIFF20_NS);
  if (files.length > 1) refuse('unsupported_xliff', `${files.length} <file> elements: export and import one document at a time`, { feature: 'several <file> elements', line: files[1].line });
  const file = files[0];
  const fileMeta = ourMetadata(file);
  const collector = new UnitCollector();
  const walk = (container: XmlElement) => {
    for (const child of childElements(container, undefined, XLIFF20_NS)) {
      if (child.local === 'group') walk(child);
      else if (child.local === 'unit') collector.add(unit20(child));
    }
  };
  walk(file);
  const trgLang = attr(root, 'trgLang');
  const project = fileMeta.get('project') ?? null;
  const document = fileMeta.get('document') ?? null;
  return {
    xliffVersion: '2.0',
    sourceLang: normaliseLanguageTag(attr(root, 'srcLang')!),
    targetLang: trgLang ? normaliseLanguageTag(trgLang) : null,
    project, document,
    sourceVersion: project && document ? versionNumber(fileMeta.get('source-version')) : null,
    units: collector.units,
  };
}

/** Our `<mda:metaGroup category="letter-workbench">` pairs directly under an element. */
function ourMetadata(element: XmlElement): Map<string, string> {
  const out = new Map<string, string>();
  for (const metadata of childElements(element, 'metadata', MDA_NS)) {
    for (const group of childElements(metadata, 'metaGroup', MDA_NS)) {
      if (attr(group, 'category') !== TOOL_ID) continue;
      for (const m of childElements(group, 'meta', MDA_NS)) {
        const type = attr(m, 'type');
        if (type) out.set(type, textContent(m));
      }
    }
  }
  return out;
}

function unit20(unit: XmlElement): ImportedUnit {
  const id = attr(unit, 'id')!;
  const ids = new InlineIds();
  let source = '';
  let target: string | null = null;
  let states: string[] = [];
  // Several segments (a tool split our sentence) are joined back into one unit, ignorables included, in order.
  for (const part of childElements(unit, undefined, XLIFF20_NS)) {
    if (part.local !== 'segment' && part.local !== 'ignorable') continue;
    const s = firstChild(part, 'source', XLIFF20_NS)!;
    const t = firstChild(part, 'target', XLIFF20_NS);
    source += inlineText20(s, id, ids);
    if (t) target = (target ?? '') + inlineText20(t, id, ids);
    else if (part.local === 'ignorable') target = target === null ? null : target + inlineText20(s, id, ids);
    if (part.local === 'segment') states.push(attr(part, 'state') ?? 'initial');
  }
  states = [...new Set(states)];
  // Several segments in different states: the least advanced one stands for the unit.
  const order: StateName[] = ['untranslated', 'needs-work', 'translated', 'approved'];
  const mapped = states.map((s) => STATE_FROM_20[s] ?? 'untranslated').sort((a, b) => order.indexOf(a) - order.indexOf(b));
  let state: StateName | null = mapped[0] ?? null;
  if (state === 'untranslated' && target !== null && target !== '') state = 'needs-work';
  const notesElement = firstChild(unit, 'notes', XLIFF20_NS);
  return {
    id, line: unit.line, source, target, state, fileState: states.join('+') || null,
    version: versionNumber(ourMetadata(unit).get('version')),
    notes: notesElement ? childElements(notesElement, 'note', XLIFF20_NS).map((n) => ({ from: null, text: textContent(n) })) : [],
  };
}

function inlineText20(element: XmlElement, unitId: string, ids: InlineIds): string {
  let out = '';
  const visit = (node: XmlElement) => {
    for (const child of node.children) {
      if (child.type === 'text') { out += child.text; continue; }
      if (child.uri !== XLIFF20_NS) unknownInline(child, unitId);
      switch (child.local) {
        case 'pc': { const n = ids.number(attr(child, 'id')!); out += `{${n}}`; visit(child); out += `{/${n}}`; break; }
        case 'sc': out += `{${ids.number(attr(child, 'id')!)}}`; break;
        case 'ec': out += `{/${ids.number(attr(child, 'startRef') ?? attr(child, 'id')!)}}`; break;
        case 'ph': out += `{${ids.number(attr(child, 'id')!)}/}`; break;
        case 'cp': out += String.fromCodePoint(parseInt(attr(child, 'hex')!, 16)); break;
        case 'mrk': visit(child); break;
        case 'sm': case 'em': break;
        default: unknownInline(child, unitId);
      }
    }
  };
  visit(element);
  return out;
}

