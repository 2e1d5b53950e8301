import { compileRules, rulesForLanguage, type CompiledRules } from './engine';
import type { SrxDocument } from './parse';

export { breakPositions, compileRules, rulesForLanguage, type CompiledRules } from './engine';
export { parseSrx, SrxError, type SrxDocument, type SrxRule } from './parse';

const compiled = new WeakMap<SrxDocument, Map<string, CompiledRules>>();

/** The compiled sentence rules of an SRX document for one language (BCP 47 tag), compiled once. */
export function sentenceRules(doc: SrxDocument, language: string): CompiledRules {
  let byLanguage = compiled.get(doc);
  if (!byLanguage) {
    byLanguage = new Map();
    compiled.set(doc, byLanguage);
  }
  let rules = byLanguage.get(language);
  if (!rules) {
    rules = compileRules(rulesForLanguage(doc, language));
    byLanguage.set(language, rules);
  }
  return rules;
}
