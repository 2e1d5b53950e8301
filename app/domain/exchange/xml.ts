import { SaxesParser, type SaxesAttributeNS } from 'saxes';
import { AppError } from '../errors';
import { decodeUtf8Strict } from '../text/utf8';

/**
 * Reading XML that arrives from outside (XLIFF back from a CAT tool, TMX from another team) without trusting it
 * (security.md E): UTF-8 only, no DOCTYPE at all (so no entity, external or expanded, ever reaches the parser's
 * output), a depth limit, control characters refused with their line, and every malformation reported with
 * line and column. saxes is a strict, non-validating XML 1.0 parser that never resolves entities or fetches
 * anything; this module turns its events into a small tree the XLIFF/TMX readers walk.
 */

export const MAX_XML_DEPTH = 100;

export interface XmlAttribute {
  /** Namespace URI ('' for an attribute without prefix). */
  uri: string;
  local: string;
  /** As written, with its prefix. */
  name: string;
  value: string;
}

export interface XmlElement {
  type: 'element';
  uri: string;
  local: string;
  /** As written, with its prefix. */
  name: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  line: number;
  column: number;
}

export interface XmlText {
  type: 'text';
  text: string;
}

export type XmlNode = XmlElement | XmlText;

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Value of an attribute by local name and namespace ('' = no namespace); undefined when absent. */
export function attr(element: XmlElement, local: string, uri = ''): string | undefined {
  for (const a of element.attributes) if (a.local === local && a.uri === uri) return a.value;
  return undefined;
}

export function childElements(element: XmlElement, local?: string, uri?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of element.children) {
    if (child.type !== 'element') continue;
    if (local !== undefined && child.local !== local) continue;
    if (uri !== undefined && child.uri !== uri) continue;
    out.push(child);
  }
  return out;
}

export function firstChild(element: XmlElement, local: string, uri?: string): XmlElement | undefined {
  return childElements(element, local, uri)[0];
}

/** All text inside an element, markup left out. */
export function textContent(node: XmlNode): string {
  if (node.type === 'text') return node.text;
  let out = '';
  for (const child of node.children) out += textContent(child);
  return out;
}

/** Line and column (1-based) of a string index. */
export function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

/**
 * Bytes of an uploaded XML file to text: UTF-8 only (a UTF-8 byte order mark is dropped), so what is stored is
 * exactly what was sent. UTF-16 and other declared encodings are refused with 415 rather than guessed at.
 */
export function decodeXmlBytes(bytes: Uint8Array, fileName: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const encoding = bytes[0] === 0xff ? 'UTF-16LE' : 'UTF-16BE';
    throw new AppError('unsupported_encoding', 415, `the file is ${encoding}; save it as UTF-8`, { encoding, fileName });
  }
  const decoded = decodeUtf8Strict(bytes);
  if (!decoded.ok) {
    throw new AppError('invalid_encoding', 422, `the file is not valid UTF-8 at byte ${decoded.byteOffset} (line ${decoded.line})`,
      { byteOffset: decoded.byteOffset, line: decoded.line, fileName });
  }
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(decoded.text)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    throw new AppError('unsupported_encoding', 415, `the file declares encoding ${declared}; save it as UTF-8`, { encoding: declared, fileName });
  }
  return decoded.text;
}

// C0 controls other than tab, LF and CR, raw or as character references: XML 1.0 forbids them, and a translation
// must never hold them (they break other tools and hide text). Refused with the control's name and place.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|&#(?:x([0-9a-fA-F]+)|([0-9]+));/g;

function refuseControls(text: string): void {
  CONTROL.lastIndex = 0;
  for (let m = CONTROL.exec(text); m; m = CONTROL.exec(text)) {
    const code = m[1] !== undefined ? parseInt(m[1], 16) : m[2] !== undefined ? parseInt(m[2], 10) : m[0].charCodeAt(0);
    const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff));
    if (allowed) continue;
    const where = positionOf(text, m.index);
    const codepoint = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    throw new AppError('control_character', 422, `control character ${codepoint} at line ${where.line}, column ${where.column}`,
      { codepoint, ...where });
  }
}

/** Text we write never holds a control XML 1.0 cannot carry (our own input checks keep them out). */
function refuseRawControls(text: string): void {
  const m = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(text);
  if (!m) return;
  const codepoint = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  throw new AppError('control_character', 422, `control character ${codepoint} at index ${m.index} cannot be written to XML`, { codepoint, index: m.index });
}

/**
 * Parses an XML document into a tree. Refuses (AppError 422) a DOCTYPE (`doctype_not_allowed`; with
 * `allowExternalDoctype`, only one with an internal subset), nesting deeper
 * than MAX_XML_DEPTH (`nesting_too_deep`, stopped as soon as it is reached), control characters, and anything
 * not well-formed (`malformed_xml` with line and column). Comments and processing instructions are dropped.
 */
export function parseXml(text: string, options: { maxDepth?: number; allowExternalDoctype?: boolean } = {}): XmlElement {
  const maxDepth = options.maxDepth ?? MAX_XML_DEPTH;
  refuseControls(text);
  const parser = new SaxesParser({ xmlns: true, position: true });
  const where = () => ({ line: parser.line, column: parser.column });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;

  parser.on('doctype', (doctype) => {
    // TMX files (OmegaT's, the Debian corpus) start with `<!DOCTYPE tmx SYSTEM "tmx14.dtd">`: a name and an
    // external id only. saxes never fetches it, and without an internal subset ([…]) nothing can declare an
    // entity, so readers that opt in may let it pass. Anything with a subset is refused (XXE, billion laughs).
    if (options.allowExternalDoctype && !doctype.includes('[')) return;
    throw new AppError('doctype_not_allowed', 422, `a DOCTYPE is not allowed (line ${parser.line}); entities and DTDs are never read`, where());
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= maxDepth) {
      throw new AppError('nesting_too_deep', 422, `elements are nested more than ${maxDepth} deep at line ${parser.line}`, { ...where(), maxDepth });
    }
    const attributes: XmlAttribute[] = [];
    for (const a of Object.values(tag.attributes as Record<string, SaxesAttributeNS>)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attributes.push({ uri: a.uri ?? '', local: a.local, name: a.name, value: a.value });
    }
    const element: XmlElement = {
      type: 'element', uri: tag.uri ?? '', local: tag.local ?? tag.name, name: tag.name, attributes, children: [],
      line: parser.line, column: parser.column,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  const addText = (chunk: string) => {
    const parent = stack[stack.length - 1];
    if (!parent) return;
    const last = parent.children[parent.children.length - 1];
    if (last?.type === 'text') last.text += chunk;
    else parent.children.push({ type: 'text', text: chunk });
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('error', (error) => {
    throw malformed(error.message, where());
  });
  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw malformed(error instanceof Error ? error.message : String(error), where());
  }
  if (!root) throw malformed('the file has no root element', where());
  return root;
}

function malformed(message: string, at: { line: number; column: number }): AppError {
  // saxes prefixes its messages with "line:column: "; say it once, in our words.
  const reason = message.replace(/^\d+:\d+:\s*/, '');
  return new AppError('malformed_xml', 422, `the file is not well-formed XML at line ${at.line}, column ${at.column}: ${reason}`,
    { ...at, reason });
}

// Writing. Text and attribute values are escaped here and only here; output is never indented inside mixed
// content (a CAT tool would read the indentation as part of the translation).

/** Escapes character data: `&`, `<` and `>` (so `]]>` can never occur), CR kept as a reference. */
export function escapeText(text: string): string {
  refuseRawControls(text);
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** Escapes an attribute value in double quotes; tab, LF and CR as references so attribute normalisation keeps them. */
export function escapeAttr(value: string): string {
  refuseRawControls(value);
  return value.replace(/[&<>"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!);
}

/** ` name="value"` for each defined attribute, in the order given (so output is byte-stable). */
export function attrs(pairs: readonly (readonly [string, string | number | null | undefined])[]): string {
  let out = '';
  for (const [name, value] of pairs) if (value !== null && value !== undefined) out += ` ${name}="${escapeAttr(String(value))}"`;
  return out;
}
