import { SaxesParser } from 'saxes';
import { translateJavaRegex } from './java-regex';

/**
 * Reading SRX 2.0 rule files (LISA's Segmentation Rules eXchange): language rules, each a list of break /
 * no-break rules (a regex for the text before the break and one for the text after), and a map from language
 * codes to rule names, cascading or not. Parsed with saxes, which never resolves entities or fetches anything;
 * a DOCTYPE is refused outright (no entity tricks in a file a project uploads).
 */

export interface SrxRule {
  break: boolean;
  before: string;
  after: string;
  /** JavaScript regex sources after translating Java's dialect, and the flags to compile them with. */
  jsBefore: string;
  jsAfter: string;
  flags: string;
  line: number;
}

export interface SrxDocument {
  cascade: boolean;
  languageRules: Map<string, SrxRule[]>;
  languageMaps: { pattern: string; ruleName: string }[];
}

export class SrxError extends Error {
  constructor(message: string, readonly line: number | null, readonly details: Record<string, unknown> = {}) {
    super(line === null ? message : `line ${line}: ${message}`);
    this.name = 'SrxError';
  }
}

/** Parses and checks an SRX file; every rule's regexes must compile, or the file is refused as a whole. */
export function parseSrx(xml: string): SrxDocument {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const doc: SrxDocument = { cascade: false, languageRules: new Map(), languageMaps: [] };
  let currentRules: SrxRule[] | null = null;
  let currentRule: Partial<SrxRule> & { break: boolean; line: number } | null = null;
  let textTarget: 'before' | 'after' | null = null;
  let buffer = '';
  let sawRoot = false;
  const local = (name: string) => name.slice(name.indexOf(':') + 1);

  parser.on('doctype', () => {
    throw new SrxError('a DOCTYPE is not allowed in an SRX file', parser.line);
  });
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    const attr = (key: string) => (tag.attributes as Record<string, string>)[key];
    if (!sawRoot) {
      if (name !== 'srx') throw new SrxError(`the root element is <${tag.name}>, not <srx>`, parser.line);
      sawRoot = true;
    }
    if (name === 'header') doc.cascade = attr('cascade') === 'yes';
    else if (name === 'languagerule') {
      const ruleName = attr('languagerulename');
      if (!ruleName) throw new SrxError('<languagerule> without languagerulename', parser.line);
      currentRules = [];
      doc.languageRules.set(ruleName, currentRules);
    } else if (name === 'rule' && currentRules) {
      currentRule = { break: attr('break') !== 'no', line: parser.line, before: '', after: '' };
    } else if ((name === 'beforebreak' || name === 'afterbreak') && currentRule) {
      textTarget = name === 'beforebreak' ? 'before' : 'after';
      buffer = '';
    } else if (name === 'languagemap') {
      const pattern = attr('languagepattern');
      const ruleName = attr('languagerulename');
      if (pattern === undefined || !ruleName) throw new SrxError('<languagemap> needs languagepattern and languagerulename', parser.line);
      doc.languageMaps.push({ pattern, ruleName });
    }
  });
  parser.on('text', (text) => {
    if (textTarget) buffer += text;
  });
  parser.on('cdata', (text) => {
    if (textTarget) buffer += text;
  });
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    if ((name === 'beforebreak' || name === 'afterbreak') && currentRule && textTarget) {
      currentRule[textTarget] = buffer;
      textTarget = null;
    } else if (name === 'rule' && currentRule && currentRules) {
      currentRules.push(compileRule(currentRule as SrxRule));
      currentRule = null;
    } else if (name === 'languagerule') {
      currentRules = null;
    }
  });
  parser.on('error', (error) => {
    throw new SrxError(`not well-formed XML: ${error.message}`, parser.line);
  });
  parser.write(xml).close();
  if (!sawRoot) throw new SrxError('the file has no <srx> element', null);
  for (const map of doc.languageMaps) {
    if (!doc.languageRules.has(map.ruleName)) {
      throw new SrxError(`<languagemap> names the rule "${map.ruleName}", which the file does not define`, null);
    }
    try {
      new RegExp(`^(?:${translateJavaRegex(map.pattern).source})$`, 'u');
    } catch (error) {
      throw new SrxError(`languagepattern "${map.pattern}" is not a usable regular expression: ${(error as Error).message}`, null);
    }
  }
  return doc;
}

function compileRule(rule: SrxRule): SrxRule {
  const before = translateJavaRegex(rule.before);
  const after = translateJavaRegex(rule.after);
  const flags = before.ignoreCase || after.ignoreCase ? 'i' : '';
  for (const [side, source] of [['beforebreak', before.source], ['afterbreak', after.source]] as const) {
    try {
      new RegExp(source, `u${flags}`);
    } catch (error) {
      throw new SrxError(`the ${side} pattern does not compile: ${(error as Error).message}`, rule.line, { pattern: side === 'beforebreak' ? rule.before : rule.after });
    }
  }
  return { ...rule, jsBefore: before.source, jsAfter: after.source, flags };
}
