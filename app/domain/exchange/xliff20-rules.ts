import type { XmlAttribute, XmlElement, XmlNode } from './xml';

/**
 * Checks an XLIFF 2.0 document against the rules of the core specification (OASIS Standard, 5 August 2014), so a
 * file that comes back from a translator's CAT tool is judged before anything in it is trusted.
 *
 * Two kinds of rules, one pass each:
 * - what the core XSD says (spec 4.2 Elements, 4.3 Attributes): which elements and attributes of the core
 *   namespace are allowed where, which are required, their value types and enumerations, element order and
 *   cardinality. That lives in the table CORE below; `checkSchema` walks the tree against it.
 * - the constraints the XSD cannot express (the "Constraints" and "Processing Requirements" paragraphs of
 *   spec sections 3 and 4): id uniqueness per scope, references (dataRef, startRef, copyOf, subFlows, fragment
 *   identifiers), start/end pairing, languages, editing hints. One function per family, each naming its section.
 *
 * Modules (fs, mtc, gls, mda, res, ctr, slr, val) are accepted where the core allows extensions; only the names of
 * their top-level elements and attributes (and the fs:fs value list, from fs.xsd) are checked, not their insides.
 * Pure: takes the tree from `parseXml`, returns violations with the line and column of the element concerned.
 */

export const XLIFF20_NS = 'urn:oasis:names:tc:xliff:document:2.0';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const FS_NS = 'urn:oasis:names:tc:xliff:fs:2.0';

export interface Xliff20Violation {
  line: number;
  column: number;
  /** Stable machine name of the rule, e.g. `duplicate-id`, `data-ref`, `sc-ec`. */
  rule: string;
  /** Plain English, naming the element, attribute and id involved. */
  message: string;
}

export interface Xliff20Options {
  /**
   * Fragment-identifier prefixes registered with the XLIFF TC for extensions (e.g. `tbx`), accepted in `ref`
   * values besides the core selectors (f, g, u, n, t, d) and the module prefixes (spec 3, Fragment
   * Identification: an unregistered prefix is an error).
   */
  extensionPrefixes?: Iterable<string>;
  /** Violations kept at most (the first found; a hostile file cannot make the list grow without bound). Default 1000. */
  maxViolations?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers over the tree

function attr(element: XmlElement, local: string, uri = ''): string | undefined {
  for (const a of element.attributes) if (a.local === local && a.uri === uri) return a.value;
  return undefined;
}

function has(element: XmlElement, local: string): boolean {
  return attr(element, local) !== undefined;
}

function elements(element: XmlElement): XmlElement[] {
  return element.children.filter((c): c is XmlElement => c.type === 'element');
}

function core(element: XmlElement, local?: string): boolean {
  return element.uri === XLIFF20_NS && (local === undefined || element.local === local);
}

function coreChildren(element: XmlElement, local: string): XmlElement[] {
  return elements(element).filter((c) => core(c, local));
}

/** `<unit id="u1">` — how messages name an element. */
function tag(element: XmlElement): string {
  const id = attr(element, 'id');
  const startRef = id === undefined ? attr(element, 'startRef') : undefined;
  if (id !== undefined) return `<${element.local} id="${id}">`;
  if (startRef !== undefined) return `<${element.local} startRef="${startRef}">`;
  return `<${element.local}>`;
}

function at(element: XmlElement): string {
  return `line ${element.line}`;
}

function nonBlankText(node: XmlElement): boolean {
  return node.children.some((c) => c.type === 'text' && c.text.trim() !== '');
}

/** Core inline elements under a <source>/<target>, in document order (pc and mrk are entered). */
function inlineElements(container: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (node: XmlNode) => {
    if (node.type !== 'element' || !core(node)) return;
    out.push(node);
    for (const child of node.children) visit(child);
  };
  for (const child of container.children) visit(child);
  return out;
}

class Report {
  readonly violations: Xliff20Violation[] = [];
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  add(element: XmlElement, rule: string, message: string): void {
    if (this.violations.length < this.limit) this.violations.push({ line: element.line, column: element.column, rule, message });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Value types (spec 4.3 Attributes; XSD simple types; RFC 5646 for language tags)

// XML 1.0 (5th edition) NameChar, for xs:NMTOKEN.
const NAME_CHAR =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F' +
  '\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040';
const NMTOKEN = new RegExp(`^[${NAME_CHAR}]+$`, 'u');

export function isNmtoken(value: string): boolean {
  return NMTOKEN.test(value.trim());
}

// RFC 5646 well-formedness (syntax, not registry validity).
const GRANDFATHERED =
  'en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao|i-tay|i-tsu|' +
  'sgn-be-fr|sgn-be-nl|sgn-ch-de|art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang';
const LANGUAGE_TAG = new RegExp(
  '^(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\\d{3}))?' +
    '(?:-(?:[a-z\\d]{5,8}|\\d[a-z\\d]{3}))*(?:-[a-wyz\\d](?:-[a-z\\d]{2,8})+)*(?:-x(?:-[a-z\\d]{1,8})+)?' +
    `|x(?:-[a-z\\d]{1,8})+|${GRANDFATHERED})$`,
  'i',
);

export function isLanguageTag(value: string): boolean {
  return LANGUAGE_TAG.test(value);
}

/** xlf:userDefinedValue: `prefix:value`. */
const USER_DEFINED = /^[^\s:]+:[^\s:]+$/;

type ValueType =
  | 'string' | 'nmtoken' | 'nmtokens' | 'yesNo' | 'yesNoFirstNo' | 'dir' | 'appliesTo' | 'state' | 'codeType'
  | 'markerType' | 'userDefined' | 'priority' | 'positiveInteger' | 'hex' | 'language' | 'version';

const oneOf = (...values: string[]) => ({ test: (v: string) => values.includes(v), expected: values.map((v) => `"${v}"`).join(', ') });

const VALUE_TYPES: Record<ValueType, { test: (value: string) => boolean; expected: string }> = {
  string: { test: () => true, expected: 'text' },
  nmtoken: { test: isNmtoken, expected: 'an NMTOKEN (letters, digits, ".", "-", "_" and ":" only)' },
  nmtokens: { test: (v) => v.trim() !== '' && v.trim().split(/\s+/).every(isNmtoken), expected: 'a space-separated list of NMTOKENs' },
  yesNo: oneOf('yes', 'no'),
  yesNoFirstNo: oneOf('yes', 'firstNo', 'no'),
  dir: oneOf('ltr', 'rtl', 'auto'),
  appliesTo: oneOf('source', 'target'),
  state: oneOf('initial', 'translated', 'reviewed', 'final'),
  codeType: oneOf('fmt', 'ui', 'quote', 'link', 'image', 'other'),
  markerType: { test: (v) => ['generic', 'comment', 'term'].includes(v) || USER_DEFINED.test(v), expected: '"generic", "comment", "term" or a prefix:value' },
  userDefined: { test: (v) => USER_DEFINED.test(v), expected: 'a prefix:value' },
  priority: { test: (v) => /^\+?\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 10, expected: 'an integer from 1 to 10' },
  positiveInteger: { test: (v) => /^\+?\d+$/.test(v.trim()) && Number(v) >= 1, expected: 'a positive integer' },
  hex: { test: (v) => /^[0-9A-Fa-f]+$/.test(v.trim()), expected: 'hexadecimal digits' },
  language: { test: isLanguageTag, expected: 'a BCP 47 language tag' },
  version: oneOf('2.0', '2.1'),
};

// ---------------------------------------------------------------------------------------------------------------
// The element table: what the core XSD allows (spec 4.2 Elements, 4.3 Attributes)

/** A content-model particle: a set of elements (or "any element of another namespace") with a cardinality. */
interface Particle {
  names: readonly string[] | 'extension';
  min: number;
  max: number;
}

type Content =
  | { kind: 'sequence'; particles: readonly Particle[] } // element-only, in this order
  | { kind: 'mixed'; children: 'inline' | 'cp' | 'extension' } // text plus these elements
  | { kind: 'text' } // text only
  | { kind: 'empty' };

interface ElementRule {
  attributes: Readonly<Record<string, { type: ValueType; required?: true }>>;
  /** xml:lang / xml:space named by the schema (beyond what `foreign: 'any'` already admits). */
  xml?: readonly ('lang' | 'space')[];
  /**
   * Attributes of other namespaces: `any` (xs:anyAttribute ##other), `modules` (inline codes, spec 4.9.1
   * "only attributes from modules"), `none`.
   */
  foreign: 'any' | 'modules' | 'none';
  content: Content;
}

const INLINE = ['cp', 'ph', 'pc', 'sc', 'ec', 'mrk', 'sm', 'em'] as const;
const one = (...names: string[]): Particle => ({ names, min: 1, max: 1 });
const optional = (...names: string[]): Particle => ({ names, min: 0, max: 1 });
const many = (min: number, ...names: string[]): Particle => ({ names, min, max: Infinity });
const extensions: Particle = { names: 'extension', min: 0, max: Infinity };

const CODE_ATTRIBUTES = {
  canCopy: { type: 'yesNo' },
  canDelete: { type: 'yesNo' },
  canReorder: { type: 'yesNoFirstNo' },
  copyOf: { type: 'nmtoken' },
  subType: { type: 'userDefined' },
  type: { type: 'codeType' },
} as const;

const MARKER_ATTRIBUTES = {
  id: { type: 'nmtoken', required: true },
  translate: { type: 'yesNo' },
  type: { type: 'markerType' },
  ref: { type: 'string' },
  value: { type: 'string' },
} as const;

const CORE: Readonly<Record<string, ElementRule>> = {
  xliff: {
    attributes: { version: { type: 'version', required: true }, srcLang: { type: 'language', required: true }, trgLang: { type: 'language' } },
    xml: ['space'],
    foreign: 'any',
    content: { kind: 'sequence', particles: [many(1, 'file')] },
  },
  file: {
    attributes: {
      id: { type: 'nmtoken', required: true }, canResegment: { type: 'yesNo' }, original: { type: 'string' },
      translate: { type: 'yesNo' }, srcDir: { type: 'dir' }, trgDir: { type: 'dir' },
    },
    xml: ['space'],
    foreign: 'any',
    content: { kind: 'sequence', particles: [optional('skeleton'), extensions, optional('notes'), many(1, 'unit', 'group')] },
  },
  skeleton: { attributes: { href: { type: 'string' } }, foreign: 'none', content: { kind: 'mixed', children: 'extension' } },
  group: {
    attributes: {
      id: { type: 'nmtoken', required: true }, name: { type: 'string' }, canResegment: { type: 'yesNo' }, translate: { type: 'yesNo' },
      srcDir: { type: 'dir' }, trgDir: { type: 'dir' }, type: { type: 'userDefined' },
    },
    xml: ['space'],
    foreign: 'any',
    content: { kind: 'sequence', particles: [extensions, optional('notes'), many(0, 'unit', 'group')] },
  },
  unit: {
    attributes: {
      id: { type: 'nmtoken', required: true }, name: { type: 'string' }, canResegment: { type: 'yesNo' }, translate: { type: 'yesNo' },
      srcDir: { type: 'dir' }, trgDir: { type: 'dir' }, type: { type: 'userDefined' },
    },
    xml: ['space'],
    foreign: 'any',
    content: { kind: 'sequence', particles: [extensions, optional('notes'), optional('originalData'), many(1, 'segment', 'ignorable')] },
  },
  segment: {
    attributes: { id: { type: 'nmtoken' }, canResegment: { type: 'yesNo' }, state: { type: 'state' }, subState: { type: 'string' } },
    foreign: 'none',
    content: { kind: 'sequence', particles: [one('source'), optional('target')] },
  },
  ignorable: {
    attributes: { id: { type: 'nmtoken' } },
    foreign: 'none',
    content: { kind: 'sequence', particles: [one('source'), optional('target')] },
  },
  notes: { attributes: {}, foreign: 'none', content: { kind: 'sequence', particles: [many(1, 'note')] } },
  note: {
    attributes: { id: { type: 'nmtoken' }, appliesTo: { type: 'appliesTo' }, category: { type: 'string' }, priority: { type: 'priority' } },
    foreign: 'any',
    content: { kind: 'text' },
  },
  originalData: { attributes: {}, foreign: 'none', content: { kind: 'sequence', particles: [many(1, 'data')] } },
  data: {
    attributes: { id: { type: 'nmtoken', required: true }, dir: { type: 'dir' } },
    xml: ['space'],
    foreign: 'none',
    content: { kind: 'mixed', children: 'cp' },
  },
  source: { attributes: {}, xml: ['lang', 'space'], foreign: 'none', content: { kind: 'mixed', children: 'inline' } },
  target: { attributes: { order: { type: 'positiveInteger' } }, xml: ['lang', 'space'], foreign: 'none', content: { kind: 'mixed', children: 'inline' } },
  cp: { attributes: { hex: { type: 'hex', required: true } }, foreign: 'none', content: { kind: 'empty' } },
  ph: {
    attributes: {
      ...CODE_ATTRIBUTES, id: { type: 'nmtoken', required: true }, disp: { type: 'string' }, equiv: { type: 'string' },
      dataRef: { type: 'nmtoken' }, subFlows: { type: 'nmtokens' },
    },
    foreign: 'modules',
    content: { kind: 'empty' },
  },
  pc: {
    attributes: {
      ...CODE_ATTRIBUTES, id: { type: 'nmtoken', required: true }, canOverlap: { type: 'yesNo' }, dispStart: { type: 'string' },
      dispEnd: { type: 'string' }, equivStart: { type: 'string' }, equivEnd: { type: 'string' }, dataRefStart: { type: 'nmtoken' },
      dataRefEnd: { type: 'nmtoken' }, subFlowsStart: { type: 'nmtokens' }, subFlowsEnd: { type: 'nmtokens' }, dir: { type: 'dir' },
    },
    foreign: 'modules',
    content: { kind: 'mixed', children: 'inline' },
  },
  sc: {
    attributes: {
      ...CODE_ATTRIBUTES, id: { type: 'nmtoken', required: true }, canOverlap: { type: 'yesNo' }, dataRef: { type: 'nmtoken' },
      dir: { type: 'dir' }, disp: { type: 'string' }, equiv: { type: 'string' }, isolated: { type: 'yesNo' }, subFlows: { type: 'nmtokens' },
    },
    foreign: 'modules',
    content: { kind: 'empty' },
  },
  ec: {
    attributes: {
      ...CODE_ATTRIBUTES, id: { type: 'nmtoken' }, canOverlap: { type: 'yesNo' }, dataRef: { type: 'nmtoken' }, dir: { type: 'dir' },
      disp: { type: 'string' }, equiv: { type: 'string' }, isolated: { type: 'yesNo' }, startRef: { type: 'nmtoken' },
      subFlows: { type: 'nmtokens' },
    },
    foreign: 'modules',
    content: { kind: 'empty' },
  },
  mrk: { attributes: MARKER_ATTRIBUTES, foreign: 'any', content: { kind: 'mixed', children: 'inline' } },
  sm: { attributes: MARKER_ATTRIBUTES, foreign: 'any', content: { kind: 'empty' } },
  em: { attributes: { startRef: { type: 'nmtoken', required: true } }, foreign: 'none', content: { kind: 'empty' } },
};

/**
 * The modules of spec 5: their namespace, fragment-identifier prefix, the top-level elements they put in the
 * core's extension points (and under which core elements), and their attributes on core elements.
 */
const MODULES: Readonly<Record<string, { prefix: string; elements: Readonly<Record<string, readonly string[]>>; attributes: readonly string[] }>> = {
  'urn:oasis:names:tc:xliff:matches:2.0': { prefix: 'mtc', elements: { matches: ['unit'] }, attributes: [] },
  'urn:oasis:names:tc:xliff:glossary:2.0': { prefix: 'gls', elements: { glossary: ['unit'] }, attributes: [] },
  [FS_NS]: { prefix: 'fs', elements: {}, attributes: ['fs', 'subFs'] },
  'urn:oasis:names:tc:xliff:metadata:2.0': { prefix: 'mda', elements: { metadata: ['file', 'group', 'unit'] }, attributes: [] },
  'urn:oasis:names:tc:xliff:resourcedata:2.0': { prefix: 'res', elements: { resourceData: ['file', 'group', 'unit'] }, attributes: [] },
  'urn:oasis:names:tc:xliff:changetracking:2.0': { prefix: 'ctr', elements: { changeTrack: ['file', 'group', 'unit'] }, attributes: [] },
  'urn:oasis:names:tc:xliff:sizerestriction:2.0': {
    prefix: 'slr',
    elements: { profiles: ['file'], data: ['file', 'group', 'unit'] },
    attributes: ['storageRestriction', 'sizeRestriction', 'equivStorage', 'sizeInfo', 'sizeInfoRef'],
  },
  'urn:oasis:names:tc:xliff:validation:2.0': { prefix: 'val', elements: { validation: ['file', 'group', 'unit'] }, attributes: [] },
};

/** fs:fs values (fs.xsd; spec 5.3, Format Style module: the HTML elements fs:fs can name). */
const FS_ELEMENTS = new Set(
  ('a b bdo big blockquote body br button caption center cite code col colgroup dd del div dl dt em h1 h2 h3 h4 h5 h6 ' +
    'head hr html i img label legend li ol p pre q s samp select small span strike strong sub sup table tbody td tfoot ' +
    'th thead title tr tt u ul').split(' '),
);

// ---------------------------------------------------------------------------------------------------------------
// Schema pass: elements, attributes, value types, order and cardinality (the XSD's share)

function checkSchema(element: XmlElement, report: Report): void {
  const rule = CORE[element.local];
  if (!rule) return; // not a core element name: the parent's content model reports it
  checkAttributes(element, rule, report);
  checkContent(element, rule, report);
  if (element.local === 'cp') checkCodePoint(element, report);
  for (const child of elements(element)) {
    if (core(child)) checkSchema(child, report);
    else checkForeign(child, report);
  }
}

const REQUIRED = new Map<ElementRule, string[]>();

function requiredAttributes(rule: ElementRule): string[] {
  let names = REQUIRED.get(rule);
  if (!names) {
    names = Object.entries(rule.attributes).filter(([, spec]) => spec.required).map(([name]) => name);
    REQUIRED.set(rule, names);
  }
  return names;
}

function checkAttributes(element: XmlElement, rule: ElementRule, report: Report): void {
  const where = () => `${tag(element)} at ${at(element)}`;
  for (const a of element.attributes) {
    if (a.uri === '') {
      const spec = rule.attributes[a.local];
      if (!spec) {
        report.add(element, 'attribute-not-allowed', `${where()} has attribute ${a.name}, which <${element.local}> does not allow`);
        continue;
      }
      const type = VALUE_TYPES[spec.type];
      if (!type.test(a.value)) {
        report.add(element, 'attribute-value', `${where()} has ${a.name}="${a.value}"; it must be ${type.expected}`);
      }
    } else if (a.uri === XML_NS) {
      const named = rule.xml?.includes(a.local as 'lang' | 'space') ?? false;
      if (!named && rule.foreign !== 'any') {
        report.add(element, 'attribute-not-allowed', `${where()} has attribute ${a.name}, which <${element.local}> does not allow`);
      } else if (a.local === 'space' && a.value !== 'default' && a.value !== 'preserve') {
        report.add(element, 'attribute-value', `${where()} has xml:space="${a.value}"; it must be "default" or "preserve"`);
      } else if (a.local === 'space' && element.local === 'data' && a.value !== 'preserve') {
        report.add(element, 'attribute-value', `${where()} has xml:space="${a.value}"; on <data> it is fixed to "preserve"`);
      } else if (a.local === 'lang' && a.value !== '' && !isLanguageTag(a.value)) {
        report.add(element, 'language-tag', `${where()} has xml:lang="${a.value}", which is not a well-formed BCP 47 language tag`);
      }
    } else if (a.uri === XLIFF20_NS) {
      report.add(element, 'attribute-not-allowed', `${where()} has ${a.name} in the XLIFF namespace; core attributes are written without a prefix`);
    } else {
      const module = MODULES[a.uri];
      if (rule.foreign === 'none') {
        report.add(element, 'extension-not-allowed', `${where()} has extension attribute ${a.name}; <${element.local}> allows no attributes from other namespaces`);
      } else if (rule.foreign === 'modules' && !module) {
        report.add(element, 'extension-not-allowed', `${where()} has extension attribute ${a.name}; inline codes allow only module attributes (such as fs: or slr:)`);
      }
      if (module) checkModuleAttribute(element, a, report);
    }
  }
  for (const name of requiredAttributes(rule)) {
    if (!has(element, name)) report.add(element, 'attribute-missing', `${tag(element)} at ${at(element)} lacks the required attribute ${name}`);
  }
}

function checkModuleAttribute(element: XmlElement, attribute: XmlAttribute, report: Report): void {
  const { uri, local, name, value } = attribute;
  if (!MODULES[uri].attributes.includes(local)) {
    report.add(element, 'module-unknown', `${tag(element)} at ${at(element)} has ${name}, which the ${MODULES[uri].prefix} module does not define`);
  } else if (uri === FS_NS && local === 'fs' && !FS_ELEMENTS.has(value)) {
    report.add(element, 'module-attribute-value', `${tag(element)} at ${at(element)} has ${name}="${value}", which is not one of the HTML element names fs:fs allows`);
  }
}

/** Elements of other namespaces: module top-level names are checked, their insides are not; core islands (e.g. in <mtc:match>) are. */
function checkForeign(element: XmlElement, report: Report): void {
  for (const a of element.attributes) {
    if (MODULES[a.uri]) checkModuleAttribute(element, a, report);
  }
  for (const child of elements(element)) {
    if (core(child) && !CORE[child.local]) report.add(child, 'element-not-allowed', `<${child.name}> at ${at(child)} is not an element of XLIFF 2.0 core`);
    else if (core(child)) checkSchema(child, report);
    else checkForeign(child, report);
  }
}

function particleMatches(particle: Particle, element: XmlElement): boolean {
  if (particle.names === 'extension') return element.uri !== XLIFF20_NS && element.uri !== '';
  return core(element) && particle.names.includes(element.local);
}

function particleLabel(particle: Particle): string {
  return particle.names === 'extension' ? 'extension elements' : particle.names.map((n) => `<${n}>`).join(' or ');
}

function checkContent(element: XmlElement, rule: ElementRule, report: Report): void {
  const where = () => `${tag(element)} at ${at(element)}`;
  const content = rule.content;
  const kids = elements(element);
  if (content.kind === 'empty' || content.kind === 'text') {
    const holds = content.kind === 'text' ? 'text only' : 'nothing';
    for (const kid of kids) report.add(kid, 'element-not-allowed', `<${kid.name}> at ${at(kid)} is not allowed inside <${element.local}>, which holds ${holds}`);
    if (content.kind === 'empty' && nonBlankText(element)) report.add(element, 'text-not-allowed', `${where()} must be empty but holds text`);
    return;
  }
  if (content.kind === 'mixed') {
    for (const kid of kids) {
      const ok =
        content.children === 'inline' ? core(kid) && (INLINE as readonly string[]).includes(kid.local)
        : content.children === 'cp' ? core(kid, 'cp')
        : !core(kid) && kid.uri !== '';
      if (!ok) report.add(kid, 'element-not-allowed', `<${kid.name}> at ${at(kid)} is not allowed inside <${element.local}>`);
    }
    return;
  }
  if (nonBlankText(element)) report.add(element, 'text-not-allowed', `${where()} holds text, but it may contain only elements`);
  checkModulePlacement(element, kids, report);

  // Greedy match against the sequence; an element that fits no later particle is reported and skipped.
  const particles = content.particles;
  let index = 0;
  let count = 0;
  const missingUpTo = (end: number) => {
    for (let i = index; i < end; i++) {
      const have = i === index ? count : 0;
      if (have < particles[i].min) report.add(element, 'element-missing', `${where()} needs ${particleLabel(particles[i])}`);
    }
  };
  for (const kid of kids) {
    let found = -1;
    for (let i = index; i < particles.length; i++) {
      if (particleMatches(particles[i], kid) && (i > index || count < particles[i].max)) {
        found = i;
        break;
      }
    }
    if (found === -1) {
      const known = particles.findIndex((p) => particleMatches(p, kid));
      if (known === -1) {
        report.add(kid, kid.uri === XLIFF20_NS ? 'element-not-allowed' : 'extension-not-allowed', `<${kid.name}> at ${at(kid)} is not allowed inside <${element.local}>`);
      } else if (known === index && count >= particles[known].max) {
        report.add(kid, 'element-too-many', `${where()} may hold only one ${particleLabel(particles[known])}; another is at ${at(kid)}`);
      } else {
        report.add(kid, 'element-order', `<${kid.name}> at ${at(kid)} is out of order inside <${element.local}> (expected order: ${particles.map(particleLabel).join(', ')})`);
      }
      continue;
    }
    missingUpTo(found);
    count = found === index ? count + 1 : 1;
    index = found;
  }
  missingUpTo(particles.length);
}

/** Spec 5 (modules): a module element at an extension point must be one the module defines for that place. */
function checkModulePlacement(parent: XmlElement, kids: XmlElement[], report: Report): void {
  for (const kid of kids) {
    const module = MODULES[kid.uri];
    if (!module) continue;
    const places = module.elements[kid.local];
    if (!places) report.add(kid, 'module-unknown', `<${kid.name}> at ${at(kid)} is not an element of the ${module.prefix} module`);
    else if (!places.includes(parent.local)) report.add(kid, 'module-placement', `<${kid.name}> at ${at(kid)} is not allowed inside <${parent.local}>`);
  }
}

/** Spec 4.2.3 <cp>: a code point that is not allowed in XML (valid characters must be written as themselves). */
function checkCodePoint(cp: XmlElement, report: Report): void {
  const hex = attr(cp, 'hex');
  if (hex === undefined || !VALUE_TYPES.hex.test(hex)) return; // reported as an attribute value already
  const code = parseInt(hex, 16);
  const allowedInXml =
    code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
  if (code > 0x10ffff) report.add(cp, 'cp', `<cp hex="${hex}"> at ${at(cp)} is beyond the last Unicode code point U+10FFFF`);
  else if (allowedInXml) report.add(cp, 'cp', `<cp hex="${hex}"> at ${at(cp)} encodes a character XML allows; it must be written as itself, not with <cp>`);
}

// ---------------------------------------------------------------------------------------------------------------
// The document walk for the constraints the schema cannot express

interface Part {
  element: XmlElement; // <segment> or <ignorable>
  source?: XmlElement;
  target?: XmlElement;
}

interface UnitContext {
  unit: XmlElement;
  file: XmlElement;
  parts: Part[];
  /** Core inline elements per side, in document order across the unit's parts. */
  source: XmlElement[];
  target: XmlElement[];
  notes: XmlElement[];
  prefixes: ReadonlySet<string>;
}

/** Units and groups of a file, depth first, in document order. */
function structure(file: XmlElement): { units: XmlElement[]; groups: XmlElement[]; containers: XmlElement[] } {
  const units: XmlElement[] = [];
  const groups: XmlElement[] = [];
  const containers: XmlElement[] = [file];
  const visit = (parent: XmlElement) => {
    for (const child of elements(parent)) {
      if (core(child, 'unit')) {
        units.push(child);
        containers.push(child);
      } else if (core(child, 'group')) {
        groups.push(child);
        containers.push(child);
        visit(child);
      }
    }
  };
  visit(file);
  return { units, groups, containers };
}

export function xliff20Violations(root: XmlElement, options: Xliff20Options = {}): Xliff20Violation[] {
  const report = new Report(options.maxViolations ?? 1000);
  if (!core(root, 'xliff')) {
    report.add(root, 'not-xliff-2.0', `the root element is <${root.name}> in namespace "${root.uri}", not <xliff> in ${XLIFF20_NS}`);
    return report.violations;
  }
  checkSchema(root, report);
  checkLanguages(root, report);
  checkUniqueIds(coreChildren(root, 'file'), 'file', 'the document', report);

  const prefixes = new Set([...Object.values(MODULES).map((m) => m.prefix), ...(options.extensionPrefixes ?? [])]);
  for (const file of coreChildren(root, 'file')) {
    const { units, groups, containers } = structure(file);
    const fileName = `file "${attr(file, 'id') ?? ''}"`;
    checkUniqueIds(groups, 'group', fileName, report);
    checkUniqueIds(units, 'unit', fileName, report);
    for (const skeleton of coreChildren(file, 'skeleton')) checkSkeleton(skeleton, report);
    for (const container of containers) {
      for (const notes of coreChildren(container, 'notes')) checkUniqueIds(coreChildren(notes, 'note'), 'note', `the notes of ${tag(container)}`, report);
      checkExtensionIds(container, report);
    }
    const unitIds = new Set(units.map((u) => attr(u, 'id')).filter((id): id is string => id !== undefined));
    for (const unit of units) checkUnit(unitContext(unit, file, prefixes), unitIds, report);
  }
  return report.violations.sort((a, b) => a.line - b.line || a.column - b.column);
}

function unitContext(unit: XmlElement, file: XmlElement, prefixes: ReadonlySet<string>): UnitContext {
  const parts: Part[] = elements(unit)
    .filter((e) => core(e, 'segment') || core(e, 'ignorable'))
    .map((element) => ({ element, source: coreChildren(element, 'source')[0], target: coreChildren(element, 'target')[0] }));
  return {
    unit,
    file,
    parts,
    source: parts.flatMap((p) => (p.source ? inlineElements(p.source) : [])),
    target: parts.flatMap((p) => (p.target ? inlineElements(p.target) : [])),
    notes: coreChildren(unit, 'notes').flatMap((n) => coreChildren(n, 'note')),
    prefixes,
  };
}

function checkUnit(ctx: UnitContext, unitIds: ReadonlySet<string>, report: Report): void {
  checkUnitHasSegment(ctx, report);
  checkUnitIds(ctx, report);
  checkOriginalData(ctx, report);
  checkTargetOrder(ctx, report);
  for (const side of ['source', 'target'] as const) {
    checkCodePairs(ctx, side, report);
    checkMarkerPairs(ctx, side, report);
  }
  checkCodeAttributes(ctx, unitIds, report);
  checkCopyOf(ctx, report);
  checkAnnotations(ctx, report);
  checkSegmentState(ctx, report);
  checkNonRemovable(ctx, report);
  checkReordering(ctx, report);
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.3.1 (attribute id): uniqueness in each scope

function checkUniqueIds(list: XmlElement[], what: string, scope: string, report: Report): void {
  const seen = new Map<string, XmlElement>();
  for (const element of list) {
    const id = attr(element, 'id');
    if (id === undefined) continue;
    const first = seen.get(id);
    if (first) report.add(element, 'duplicate-id', `<${what} id="${id}"> at ${at(element)} repeats the id of the <${what}> at ${at(first)}; ${what} ids must be unique in ${scope}`);
    else seen.set(id, element);
  }
}

/**
 * Spec 4.3.1 (attribute id): segment, ignorable and source inline ids are unique in the unit; an inline element of a target
 * reuses the id of its corresponding source element (of the same kind) or has an id of its own.
 */
function checkUnitIds(ctx: UnitContext, report: Report): void {
  const unitName = `unit "${attr(ctx.unit, 'id') ?? ''}"`;
  const used = new Map<string, XmlElement>();
  const claim = (element: XmlElement, id: string) => {
    const first = used.get(id);
    if (first) report.add(element, 'duplicate-id', `${tag(element)} at ${at(element)} repeats the id of ${tag(first)} at ${at(first)} in ${unitName}`);
    else used.set(id, element);
  };
  for (const part of ctx.parts) {
    const id = attr(part.element, 'id');
    if (id !== undefined) claim(part.element, id);
  }
  const sourceIds = new Map<string, XmlElement>();
  for (const element of ctx.source) {
    const id = attr(element, 'id');
    if (id === undefined || element.local === 'cp' || element.local === 'em') continue;
    claim(element, id);
    sourceIds.set(id, element);
  }
  const partIds = new Map(ctx.parts.map((p) => [attr(p.element, 'id'), p.element]));
  const targetIds = new Map<string, XmlElement>();
  for (const element of ctx.target) {
    const id = attr(element, 'id');
    if (id === undefined || element.local === 'cp' || element.local === 'em') continue;
    const previous = targetIds.get(id);
    const partElement = partIds.get(id);
    const counterpart = sourceIds.get(id);
    if (previous) report.add(element, 'duplicate-id', `${tag(element)} at ${at(element)} repeats the id of ${tag(previous)} at ${at(previous)} in the targets of ${unitName}`);
    else if (partElement) report.add(element, 'duplicate-id', `${tag(element)} at ${at(element)} uses the id of ${tag(partElement)} at ${at(partElement)} in ${unitName}`);
    else if (counterpart && inlineKind(counterpart) !== inlineKind(element)) {
      report.add(element, 'duplicate-id', `${tag(element)} at ${at(element)} in a target uses the id of ${tag(counterpart)} at ${at(counterpart)} `
        + 'in the source, which is a different kind of element');
    }
    targetIds.set(id, element);
  }
}

function inlineKind(element: XmlElement): string {
  if (element.local === 'ph') return 'placeholder';
  if (element.local === 'mrk' || element.local === 'sm') return 'annotation';
  return 'paired code';
}

/** Spec 4.9 (extension mechanisms, constraints): ids of extension elements are unique per namespace in their file, group or unit. */
function checkExtensionIds(container: XmlElement, report: Report): void {
  const scopes = new Map<XmlElement, Map<string, XmlElement>>();
  const visit = (element: XmlElement, moduleRoots: ReadonlyMap<string, XmlElement>) => {
    let roots = moduleRoots;
    if (MODULES[element.uri] && !roots.has(element.uri)) roots = new Map([...roots, [element.uri, element]]);
    const id = attr(element, 'id') ?? attr(element, 'id', XML_NS);
    if (id !== undefined) {
      const scope = roots.get(element.uri) ?? container; // a module's ids are scoped to its own top element
      const seen = scopes.get(scope) ?? new Map<string, XmlElement>();
      scopes.set(scope, seen);
      const key = `${element.uri} ${id}`;
      const first = seen.get(key);
      if (first) {
        report.add(element, 'duplicate-id', `<${element.name}> at ${at(element)} repeats the id "${id}" of <${first.name}> at ${at(first)}; `
          + `ids of extension elements of one namespace must be unique in ${tag(container)}`);
      } else seen.set(key, element);
    }
    for (const child of elements(element)) if (!core(child)) visit(child, roots);
  };
  for (const child of elements(container)) if (!core(child)) visit(child, new Map());
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.2.2 (<xliff> trgLang, <source>, <target>), 4.3.2 (xml:lang, xml:space): languages and white space

function checkLanguages(root: XmlElement, report: Report): void {
  const srcLang = attr(root, 'srcLang');
  const trgLang = attr(root, 'trgLang');
  let trgLangReported = false;
  const visit = (element: XmlElement, lang: string | undefined, space: string) => {
    const myLang = attr(element, 'lang', XML_NS) ?? lang;
    const mySpace = attr(element, 'space', XML_NS) ?? space;
    if (core(element, 'segment') || core(element, 'ignorable')) {
      const source = coreChildren(element, 'source')[0];
      const target = coreChildren(element, 'target')[0];
      const sourceLang = source ? (attr(source, 'lang', XML_NS) ?? myLang) : undefined;
      const targetLang = target ? (attr(target, 'lang', XML_NS) ?? myLang) : undefined;
      // xml:lang="" says "unknown" and is no mismatch; tags compare case-insensitively (BCP 47).
      if (source && sourceLang && srcLang !== undefined && sourceLang.toLowerCase() !== srcLang.toLowerCase()) {
        report.add(source, 'source-language', `<source> at ${at(source)} has xml:lang "${sourceLang}" (set or inherited), but srcLang is "${srcLang}"`);
      }
      if (target && trgLang === undefined && !trgLangReported) {
        trgLangReported = true;
        report.add(target, 'trglang-missing', `<target> at ${at(target)} exists, so <xliff> must have a trgLang attribute`);
      }
      if (target && targetLang && trgLang !== undefined && targetLang.toLowerCase() !== trgLang.toLowerCase()) {
        report.add(target, 'target-language', `<target> at ${at(target)} has xml:lang "${targetLang}" (set or inherited), but trgLang is "${trgLang}"`);
      }
      if (source && target) {
        const sourceSpace = attr(source, 'space', XML_NS) ?? mySpace;
        const targetSpace = attr(target, 'space', XML_NS) ?? mySpace;
        if (sourceSpace !== targetSpace) {
          report.add(target, 'xml-space', `<target> at ${at(target)} has xml:space "${targetSpace}" but its <source> has "${sourceSpace}" (set or inherited); they must match`);
        }
      }
      return;
    }
    for (const child of elements(element)) if (core(child)) visit(child, myLang, mySpace);
  };
  visit(root, undefined, 'default');
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.2.2 (<skeleton>): href if and only if empty

function checkSkeleton(skeleton: XmlElement, report: Report): void {
  const empty = elements(skeleton).length === 0 && !nonBlankText(skeleton);
  const href = attr(skeleton, 'href');
  if (href !== undefined && !empty) report.add(skeleton, 'skeleton', `<skeleton href="${href}"> at ${at(skeleton)} must be empty when it has href`);
  if (href === undefined && empty) report.add(skeleton, 'skeleton', `<skeleton> at ${at(skeleton)} is empty, so it must point to the skeleton with href`);
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.2.2 (<unit>): at least one <segment>

function checkUnitHasSegment(ctx: UnitContext, report: Report): void {
  if (ctx.parts.length > 0 && !ctx.parts.some((p) => core(p.element, 'segment'))) {
    report.add(ctx.unit, 'unit-without-segment', `${tag(ctx.unit)} at ${at(ctx.unit)} has <ignorable> elements but no <segment>`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.2.2 (<originalData>, <data>), 4.3.1 (dataRef, dataRefStart, dataRefEnd), 4.7.2 (inline codes: original data)

const DATA_REFS = ['dataRef', 'dataRefStart', 'dataRefEnd'] as const;

function checkOriginalData(ctx: UnitContext, report: Report): void {
  const unitName = `unit "${attr(ctx.unit, 'id') ?? ''}"`;
  const originalData = coreChildren(ctx.unit, 'originalData')[0];
  const data = originalData ? coreChildren(originalData, 'data') : [];
  checkUniqueIds(data, 'data', `the <originalData> of ${unitName}`, report);
  const ids = new Set(data.map((d) => attr(d, 'id')));
  const referenced = new Set<string>();
  for (const element of [...ctx.source, ...ctx.target]) {
    for (const name of DATA_REFS) {
      const ref = attr(element, name);
      if (ref === undefined) continue;
      referenced.add(ref);
      if (!ids.has(ref)) {
        report.add(element, 'data-ref', `${tag(element)} at ${at(element)} has ${name}="${ref}" but ${unitName} has no <data id="${ref}">${originalData ? '' : ' (it has no <originalData> at all)'}`);
      }
    }
    if (element.local === 'pc' && has(element, 'dataRefStart') !== has(element, 'dataRefEnd')) {
      report.add(element, 'data-ref', `${tag(element)} at ${at(element)} has only one of dataRefStart and dataRefEnd; they go together`);
    }
  }
  for (const d of data) {
    const id = attr(d, 'id');
    if (id !== undefined && !referenced.has(id)) {
      report.add(d, 'data-unreferenced', `<data id="${id}"> at ${at(d)} is not referenced by any inline code of ${unitName}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.3.1 (order), 4.8 (segmentation: segments order): target order values from 1 to N, unique with the implicit ones

function effectiveOrders(ctx: UnitContext): number[] {
  return ctx.parts.map((part, i) => {
    const order = part.target ? attr(part.target, 'order') : undefined;
    return order !== undefined && VALUE_TYPES.positiveInteger.test(order) ? Number(order) : i + 1;
  });
}

function checkTargetOrder(ctx: UnitContext, report: Report): void {
  if (!ctx.parts.some((p) => p.target && has(p.target, 'order'))) return;
  const orders = effectiveOrders(ctx);
  const n = ctx.parts.length;
  const seen = new Map<number, number>();
  ctx.parts.forEach((part, i) => {
    const target = part.target;
    const order = orders[i];
    const reportAt = target ?? part.element;
    if (target && has(target, 'order') && order > n) {
      report.add(target, 'target-order', `<target order="${order}"> at ${at(target)} is out of range: ${tag(ctx.unit)} has ${n} segments and ignorables`);
    }
    const other = seen.get(order);
    if (other !== undefined) {
      const explicit = target && has(target, 'order') ? `order="${order}"` : `the implicit order ${order}`;
      const owner = ctx.parts[other].element;
      report.add(reportAt, 'target-order', `the <target> of ${tag(part.element)} at ${at(part.element)} has ${explicit}, already taken by the <target> of ${tag(owner)} at ${at(owner)}`);
    } else seen.set(order, i);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.2.3 (<sc>, <ec>), 4.3.1 (isolated, startRef): start/end code pairing in a unit

const CAN_ATTRIBUTES = ['canCopy', 'canDelete', 'canOverlap'] as const;

function checkCodePairs(ctx: UnitContext, side: 'source' | 'target', report: Report): void {
  const list = ctx[side];
  const starts = new Map<string, XmlElement>();
  for (const e of list) if (e.local === 'sc' && has(e, 'id') && !starts.has(attr(e, 'id')!)) starts.set(attr(e, 'id')!, e);
  const open = new Map<string, XmlElement>();
  const closed = new Set<XmlElement>();
  for (const element of list) {
    if (element.local === 'sc') {
      const id = attr(element, 'id');
      if (id !== undefined && attr(element, 'isolated') !== 'yes') open.set(id, element);
      continue;
    }
    if (element.local !== 'ec') continue;
    const id = attr(element, 'id');
    const startRef = attr(element, 'startRef');
    const where = () => `${tag(element)} at ${at(element)}`;
    if (attr(element, 'isolated') === 'yes') {
      if (id === undefined || startRef !== undefined) {
        report.add(element, 'ec-isolated', `${where()} is isolated, so it must have an id and no startRef`);
      }
      const start = id !== undefined ? starts.get(id) : undefined;
      if (start) report.add(element, 'isolated', `${where()} is marked isolated="yes" but its <sc id="${id}"> is in the same unit at ${at(start)}`);
      continue;
    }
    if (id !== undefined || startRef === undefined) {
      report.add(element, 'ec-isolated', `${where()} is not isolated, so it must refer to its <sc> with startRef and have no id (use isolated="yes" if the <sc> is outside the unit)`);
    }
    if (startRef === undefined) continue;
    const start = open.get(startRef);
    if (start) {
      open.delete(startRef);
      closed.add(start);
      checkPairAttributes(start, element, report);
      continue;
    }
    const later = starts.get(startRef);
    if (later && attr(later, 'isolated') === 'yes') {
      report.add(later, 'isolated', `<sc id="${startRef}"> at ${at(later)} is marked isolated="yes" but its <ec> is in the same unit at ${at(element)}`);
    } else if (later && !closed.has(later)) {
      report.add(element, 'sc-ec', `${where()} comes before its <sc id="${startRef}"> at ${at(later)}; the start code must come first`);
    } else {
      report.add(element, 'sc-ec', `${where()} has no <sc id="${startRef}"> before it in the ${side} of unit "${attr(ctx.unit, 'id') ?? ''}"`);
    }
  }
  for (const [id, start] of open) {
    report.add(start, 'sc-ec', `<sc id="${id}"> at ${at(start)} has no <ec startRef="${id}"> after it in the ${side} of unit "${attr(ctx.unit, 'id') ?? ''}"; `
      + 'mark it isolated="yes" if its end is outside the unit');
  }
}

/** Spec 4.2.3 (<ec>), 4.3.1 (canCopy, canDelete, canOverlap, canReorder, type, subType, copyOf, dir): an <ec> agrees with its <sc>. */
function checkPairAttributes(start: XmlElement, end: XmlElement, report: Report): void {
  const where = () => `<ec startRef="${attr(end, 'startRef')}"> at ${at(end)}`;
  for (const name of CAN_ATTRIBUTES) {
    const s = attr(start, name) ?? 'yes';
    const e = attr(end, name) ?? 'yes';
    if (s !== e) report.add(end, 'sc-ec-attributes', `${where()} has ${name} "${e}" but its <sc> at ${at(start)} has "${s}"; they must match`);
  }
  const startReorder = attr(start, 'canReorder') ?? 'yes';
  const endReorder = attr(end, 'canReorder') ?? 'yes';
  const expected = startReorder === 'firstNo' ? 'no' : startReorder;
  if (endReorder !== expected) {
    report.add(end, 'sc-ec-attributes', `${where()} has canReorder "${endReorder}" but its <sc> at ${at(start)} has "${startReorder}", so it must be "${expected}"`);
  }
  for (const name of ['type', 'subType', 'copyOf', 'dir']) {
    const e = attr(end, name);
    const s = attr(start, name);
    if (e !== undefined && e !== s) {
      report.add(end, 'sc-ec-attributes', `${where()} has ${name}="${e}" but its <sc> at ${at(start)} has ${s === undefined ? `no ${name}` : `${name}="${s}"`}`);
    }
  }
  for (const a of end.attributes) {
    if (a.uri !== '' && a.uri !== XML_NS) {
      report.add(end, 'ec-module-attribute', `${where()} has ${a.name}; module attributes belong on its <sc> and are allowed on <ec> only when it is isolated`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.2.3 (<sm>, <em>): an <em> closes an earlier <sm> of the same unit, and every <sm> is closed

function checkMarkerPairs(ctx: UnitContext, side: 'source' | 'target', report: Report): void {
  const starts = new Map<string, XmlElement>();
  for (const e of ctx[side]) if (e.local === 'sm' && has(e, 'id') && !starts.has(attr(e, 'id')!)) starts.set(attr(e, 'id')!, e);
  const open = new Map<string, XmlElement>();
  const closed = new Set<XmlElement>();
  for (const element of ctx[side]) {
    if (element.local === 'sm' && has(element, 'id')) open.set(attr(element, 'id')!, element);
    if (element.local !== 'em') continue;
    const startRef = attr(element, 'startRef');
    if (startRef === undefined) continue;
    const start = open.get(startRef);
    if (start) {
      open.delete(startRef);
      closed.add(start);
      continue;
    }
    const later = starts.get(startRef);
    if (later && !closed.has(later)) report.add(element, 'sm-em', `<em startRef="${startRef}"> at ${at(element)} comes before its <sm id="${startRef}"> at ${at(later)}`);
    else report.add(element, 'sm-em', `<em startRef="${startRef}"> at ${at(element)} has no <sm id="${startRef}"> before it in the ${side} of unit "${attr(ctx.unit, 'id') ?? ''}"`);
  }
  for (const [id, start] of open) {
    report.add(start, 'sm-em', `<sm id="${id}"> at ${at(start)} has no <em startRef="${id}"> after it in the ${side} of unit "${attr(ctx.unit, 'id') ?? ''}"`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.3.1 attribute constraints on codes: canReorder, subType, subFlows (and 4.7.4, sub-flows)

const XLF_SUBTYPES: Readonly<Record<string, string>> = { 'xlf:lb': 'fmt', 'xlf:pb': 'fmt', 'xlf:b': 'fmt', 'xlf:i': 'fmt', 'xlf:u': 'fmt', 'xlf:var': 'ui' };
const CODES = new Set(['ph', 'pc', 'sc', 'ec']);

function checkCodeAttributes(ctx: UnitContext, unitIds: ReadonlySet<string>, report: Report): void {
  for (const element of [...ctx.source, ...ctx.target]) {
    if (!CODES.has(element.local)) continue;
    const where = () => `${tag(element)} at ${at(element)}`;
    const canReorder = attr(element, 'canReorder');
    const pairedEnd = element.local === 'ec' && attr(element, 'isolated') !== 'yes'; // its hints follow its <sc>
    if (!pairedEnd && (canReorder === 'no' || canReorder === 'firstNo') && (attr(element, 'canCopy') !== 'no' || attr(element, 'canDelete') !== 'no')) {
      report.add(element, 'can-reorder', `${where()} has canReorder="${canReorder}", so it must also have canCopy="no" and canDelete="no"`);
    }
    const subType = attr(element, 'subType');
    const type = attr(element, 'type');
    if (subType !== undefined) {
      if (type === undefined) report.add(element, 'subtype', `${where()} has subType="${subType}" but no type`);
      if (subType.startsWith('xlf:')) {
        const required = XLF_SUBTYPES[subType];
        if (!required) report.add(element, 'subtype', `${where()} has subType="${subType}", which is not one of the values the xlf: prefix defines`);
        else if (type !== undefined && type !== required) report.add(element, 'subtype', `${where()} has subType="${subType}", which requires type="${required}", not "${type}"`);
      }
    }
    for (const name of ['subFlows', 'subFlowsStart', 'subFlowsEnd']) {
      const value = attr(element, name);
      if (value === undefined) continue;
      for (const id of value.trim().split(/\s+/)) {
        if (isNmtoken(id) && !unitIds.has(id)) report.add(element, 'sub-flows', `${where()} has ${name} naming unit "${id}", which is not a unit of file "${attr(ctx.file, 'id') ?? ''}"`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.7.2 (inline codes: duplicating codes), 4.3.1 (copyOf): a copy points at a copiable code and has no data of its own

function checkCopyOf(ctx: UnitContext, report: Report): void {
  const codes = new Map<string, XmlElement>();
  for (const e of [...ctx.source, ...ctx.target]) if (CODES.has(e.local) && has(e, 'id') && !codes.has(attr(e, 'id')!)) codes.set(attr(e, 'id')!, e);
  for (const element of [...ctx.source, ...ctx.target]) {
    const copyOf = attr(element, 'copyOf');
    if (copyOf === undefined || !CODES.has(element.local)) continue;
    const where = () => `${tag(element)} at ${at(element)}`;
    if (DATA_REFS.some((name) => has(element, name))) {
      report.add(element, 'copy-of', `${where()} is a copy (copyOf="${copyOf}") and so cannot have original data of its own (dataRef)`);
    }
    const base = codes.get(copyOf);
    if (!base) report.add(element, 'copy-of', `${where()} has copyOf="${copyOf}" but unit "${attr(ctx.unit, 'id') ?? ''}" has no inline code with id "${copyOf}"`);
    else if (attr(base, 'canCopy') === 'no') report.add(element, 'copy-of', `${where()} copies ${tag(base)} at ${at(base)}, which has canCopy="no"`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.7.3 (annotations): translate annotation, comment annotation, references, source/target agreement

function checkAnnotations(ctx: UnitContext, report: Report): void {
  const sourceMarkers = new Map<string, XmlElement>();
  for (const side of ['source', 'target'] as const) {
    for (const element of ctx[side]) {
      if (element.local !== 'mrk' && element.local !== 'sm') continue;
      const where = () => `${tag(element)} at ${at(element)}`;
      const type = attr(element, 'type') ?? 'generic';
      if (type === 'generic' && !has(element, 'translate')) {
        report.add(element, 'annotation-translate', `${where()} is a generic annotation, so it must have a translate attribute`);
      }
      const ref = attr(element, 'ref');
      if (type === 'comment') {
        const value = attr(element, 'value');
        if ((value === undefined) === (ref === undefined)) {
          report.add(element, 'comment-annotation', `${where()} is a comment annotation, so it must have exactly one of value and ref`);
        }
      }
      if (ref !== undefined) checkReference(ctx, element, ref, type === 'comment', report);
      const id = attr(element, 'id');
      if (id === undefined) continue;
      if (side === 'source') sourceMarkers.set(id, element);
      else {
        const counterpart = sourceMarkers.get(id);
        if (!counterpart || inlineKind(counterpart) !== 'annotation') continue;
        for (const name of ['type', 'translate']) {
          const s = attr(counterpart, name) ?? (name === 'type' ? 'generic' : undefined);
          const t = attr(element, name) ?? (name === 'type' ? 'generic' : undefined);
          if (s === t) continue;
          const shown = (v: string | undefined) => (v === undefined ? 'none' : `"${v}"`);
          report.add(element, 'marker-mismatch', `${where()} in a target has ${name} ${shown(t)} but the same annotation in the source at ${at(counterpart)} has ${shown(s)}`);
        }
      }
    }
  }
}

interface Selector {
  kind: string; // f g u n t d, s (un-prefixed: segment, ignorable or source inline), x (module or extension)
  prefix?: string;
  id: string;
}

const CORE_SELECTORS = new Set(['f', 'g', 'u', 'n', 't', 'd']);

/**
 * Spec 3 (Fragment Identification): `#[/]selector/selector…` where each selector is `prefix=id` or a bare
 * id; f, g and u nest in that order, everything else ends the path; each kind at most once; ids are NMTOKENs;
 * module and extension prefixes have two characters or more and are registered. Returns null for a URI that is
 * not an XLIFF fragment identifier (no or empty fragment, or another document's fragment not starting with f=).
 */
function parseFragment(ref: string, prefixes: ReadonlySet<string>): { error: string } | { path: string; selectors: Selector[] } | null {
  const hash = ref.indexOf('#');
  if (hash === -1) return null;
  const path = ref.slice(0, hash);
  let fragment = ref.slice(hash + 1);
  // Another document's fragment is XLIFF's only when it starts with a file selector; an empty one points at this document.
  if (fragment === '' || (path !== '' && !/^\/?f=/.test(fragment))) return null;
  if (/\s/.test(fragment)) return { error: 'it contains white space' };
  const absolute = fragment.startsWith('/');
  if (absolute) fragment = fragment.slice(1);
  const selectors: Selector[] = [];
  for (const part of fragment.split('/')) {
    const eq = part.indexOf('=');
    let selector: Selector;
    if (eq === -1) selector = { kind: 's', id: part };
    else {
      const prefix = part.slice(0, eq);
      selector = { kind: CORE_SELECTORS.has(prefix) ? prefix : 'x', prefix, id: part.slice(eq + 1) };
      if (selector.kind === 'x') {
        if (prefix.length < 2) return { error: `the prefix "${prefix}" is too short (module and extension prefixes have at least two characters)` };
        if (!isNmtoken(prefix)) return { error: `the prefix "${prefix}" is not an NMTOKEN` };
        if (!prefixes.has(prefix)) return { error: `the prefix "${prefix}" is not a registered module or extension prefix` };
      }
    }
    const label = selector.prefix === undefined ? `"${part}"` : `"${selector.prefix}="`;
    if (selectors.some((s) => s.kind === selector.kind)) return { error: `the selector ${label} appears twice (or two bare ids)` };
    const previous = selectors[selectors.length - 1];
    const last = previous?.kind;
    const allowed = last === undefined || last === 'f' || (last === 'g' && selector.kind !== 'f') || (last === 'u' && selector.kind !== 'f' && selector.kind !== 'g');
    if (!allowed) {
      const after = previous.prefix === undefined ? previous.id : `${previous.prefix}=`;
      return { error: `the selector ${label} cannot follow "${after}" (f, g and u nest in that order; other selectors end the path)` };
    }
    if (!isNmtoken(selector.id)) return { error: `"${selector.id}" is not a valid id (NMTOKEN)` };
    selectors.push(selector);
  }
  if (absolute && selectors[0]?.kind !== 'f') return { error: 'an absolute fragment identifier must start with a file selector (f=)' };
  return { path, selectors };
}

/** Spec 4.7.3 (comment annotation) and 3 (fragment identification) for a marker's ref. */
function checkReference(ctx: UnitContext, element: XmlElement, ref: string, comment: boolean, report: Report): void {
  const where = () => `${tag(element)} at ${at(element)}`;
  const parsed = parseFragment(ref, ctx.prefixes);
  if (parsed && 'error' in parsed) {
    report.add(element, 'fragment-id', `${where()} has ref="${ref}", which is not a valid XLIFF fragment identifier: ${parsed.error}`);
    return;
  }
  if (!comment) return;
  const note = parsed?.selectors.find((s) => s.kind === 'n');
  const unitId = attr(ctx.unit, 'id');
  const fileId = attr(ctx.file, 'id');
  const container = parsed?.selectors.filter((s) => s.kind === 'f' || s.kind === 'g' || s.kind === 'u').pop();
  const sameUnit =
    parsed && parsed.path === '' && note && parsed.selectors[parsed.selectors.length - 1] === note &&
    (container === undefined || (container.kind === 'u' && container.id === unitId)) &&
    parsed.selectors.every((s) => s.kind !== 'f' || s.id === fileId);
  if (!sameUnit) {
    report.add(element, 'comment-annotation', `${where()} is a comment annotation whose ref="${ref}" does not point to a <note> of its own unit (write ref="#n=note-id")`);
  } else if (!ctx.notes.some((n) => attr(n, 'id') === note.id)) {
    report.add(element, 'comment-annotation', `${where()} refers to note "${note.id}", but unit "${unitId ?? ''}" has no <note id="${note.id}">`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.3.1 (state, subState)

function checkSegmentState(ctx: UnitContext, report: Report): void {
  for (const part of ctx.parts) {
    const subState = attr(part.element, 'subState');
    if (subState === undefined) continue;
    const where = () => `${tag(part.element)} at ${at(part.element)}`;
    if (!has(part.element, 'state')) report.add(part.element, 'state', `${where()} has subState="${subState}" but no state; subState needs an explicit state`);
    if (!USER_DEFINED.test(subState)) report.add(part.element, 'state', `${where()} has subState="${subState}"; it must be a prefix:value`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Spec 4.7.2 (inline codes: editing hints): canDelete="no" codes stay, canReorder sequences keep their order

function codeKey(element: XmlElement, end = false): string | undefined {
  if (element.local === 'ph') return `ph:${attr(element, 'id')}`;
  if (element.local === 'pc' || element.local === 'sc') return `code:${attr(element, 'id')}:${end ? 'end' : 'start'}`;
  if (element.local === 'ec') return `code:${attr(element, 'isolated') === 'yes' ? attr(element, 'id') : attr(element, 'startRef')}:end`;
  return undefined;
}

/** A code with canDelete="no" in a source must still be in the unit's targets when its segment has a target. */
function checkNonRemovable(ctx: UnitContext, report: Report): void {
  const inTargets = new Set<string>();
  for (const element of ctx.target) {
    const key = codeKey(element);
    if (key) inTargets.add(key);
  }
  for (const part of ctx.parts) {
    if (!part.source || !part.target) continue;
    for (const element of inlineElements(part.source)) {
      if (!CODES.has(element.local) || attr(element, 'canDelete') !== 'no') continue;
      if (element.local === 'ec' && attr(element, 'isolated') !== 'yes') continue; // follows its <sc>
      if (!inTargets.has(codeKey(element)!)) {
        report.add(element, 'can-delete', `${tag(element)} at ${at(element)} has canDelete="no" but is missing from the target of `
          + `${tag(part.element)} at ${at(part.element)} and from the unit's other targets`);
      }
    }
  }
}

interface Token {
  key: string;
  canReorder: string;
  element: XmlElement;
}

/** The unit's codes on one side as start/end tokens with their effective canReorder. */
function codeTokens(containers: XmlElement[]): Token[] {
  const tokens: Token[] = [];
  const starts = new Map<string, string>();
  const visit = (node: XmlNode) => {
    if (node.type !== 'element' || !core(node)) return;
    const canReorder = attr(node, 'canReorder');
    if (node.local === 'ph') tokens.push({ key: codeKey(node)!, canReorder: canReorder ?? 'yes', element: node });
    else if (node.local === 'sc') {
      tokens.push({ key: codeKey(node)!, canReorder: canReorder ?? 'yes', element: node });
      starts.set(attr(node, 'id') ?? '', canReorder ?? 'yes');
    } else if (node.local === 'ec') {
      const inherited = attr(node, 'isolated') === 'yes' ? 'yes' : (starts.get(attr(node, 'startRef') ?? '') ?? 'yes');
      tokens.push({ key: codeKey(node)!, canReorder: canReorder ?? (inherited === 'firstNo' ? 'no' : inherited), element: node });
    } else if (node.local === 'pc') {
      const value = canReorder ?? 'yes';
      tokens.push({ key: codeKey(node)!, canReorder: value, element: node });
      for (const child of node.children) visit(child);
      tokens.push({ key: codeKey(node, true)!, canReorder: value === 'firstNo' ? 'no' : value, element: node });
      return;
    }
    for (const child of node.children) visit(child);
  };
  for (const container of containers) for (const child of container.children) visit(child);
  return tokens;
}

/** Sequences of codes that cannot be reordered: a firstNo code followed by the no codes right after it. */
function fixedSequences(tokens: Token[], orphan?: (token: Token) => void): Token[][] {
  const sequences: Token[][] = [];
  let current: Token[] | undefined;
  for (const token of tokens) {
    if (token.canReorder === 'firstNo') {
      current = [token];
      sequences.push(current);
    } else if (token.canReorder === 'no') {
      if (current) current.push(token);
      else orphan?.(token);
    } else current = undefined;
  }
  return sequences;
}

function checkReordering(ctx: UnitContext, report: Report): void {
  const sourceTokens = codeTokens(ctx.parts.flatMap((p) => (p.source ? [p.source] : [])));
  const orders = effectiveOrders(ctx);
  const targetParts = ctx.parts.map((part, i) => ({ part, order: orders[i] })).filter((p) => p.part.target).sort((a, b) => a.order - b.order);
  const targetTokens = codeTokens(targetParts.map((p) => p.part.target!));
  const orphan = (side: string) => (token: Token) =>
    report.add(token.element, 'reorder-sequence', `${tag(token.element)} at ${at(token.element)} in the ${side} has canReorder="no" `
      + 'but no code with canReorder="firstNo" starts its sequence');
  const sequences = fixedSequences(sourceTokens, orphan('source'));
  fixedSequences(targetTokens, orphan('target'));

  // Compare only when every non-empty source has a target (a partly translated unit cannot be judged).
  const complete = ctx.parts.every((p) => p.target || !p.source || (elements(p.source).length === 0 && !nonBlankText(p.source)));
  if (!complete) return;
  const firstIndex = new Map<string, number>();
  targetTokens.forEach((t, i) => { if (!firstIndex.has(t.key)) firstIndex.set(t.key, i); });
  for (const sequence of sequences) {
    const startIndex = firstIndex.get(sequence[0].key);
    if (startIndex === undefined) continue; // a deleted code is the canDelete rule's business
    const kept = sequence.every((token, i) => targetTokens[startIndex + i]?.key === token.key);
    if (!kept) {
      const first = targetTokens[startIndex].element;
      const lead = sequence[0].element;
      report.add(first, 'reorder-target', `the codes starting with ${tag(lead)} at ${at(lead)} cannot be reordered, `
        + `but the target at ${at(first)} does not keep them together in the source order`);
    }
  }
}
