import { translateJavaRegex } from './java-regex';
import type { SrxDocument, SrxRule } from './parse';

/**
 * Applies SRX rules to text: at every position where some break rule's "before" pattern ends, the rules are
 * tried in their order (the language's own first, then the cascade's), and the first rule whose "before"
 * matches the text ending there and whose "after" matches the text starting there decides: break or not.
 *
 * Ours because no SRX engine exists for JavaScript (the known ones are Java: Okapi, LanguageTool, loomchild
 * segment; and Python: srx-segmenter, choppa), and this one is built for speed on our path: candidates come
 * from the break rules only, each rule is tested exactly at the candidate with sticky regexes (V8 supports
 * lookbehind of any length, so no text window is cut), and runs of no-break rules that share an "after"
 * pattern are merged into one alternation.
 */

interface Check {
  isBreak: boolean;
  before: RegExp;
  after: RegExp;
}

export interface CompiledRules {
  /** Finds the positions where a break may happen (ends of break rules' "before" matches). */
  candidates: RegExp[];
  checks: Check[];
}

/** The rules that apply to a language (cascading through every matching map when the file says so). */
export function rulesForLanguage(doc: SrxDocument, language: string): SrxRule[] {
  const rules: SrxRule[] = [];
  for (const map of doc.languageMaps) {
    const pattern = new RegExp(`^(?:${translateJavaRegex(map.pattern).source})$`, 'u');
    if (!pattern.test(language)) continue;
    rules.push(...(doc.languageRules.get(map.ruleName) ?? []));
    if (!doc.cascade) break;
  }
  return rules;
}

export function compileRules(rules: readonly SrxRule[]): CompiledRules {
  const checks: Check[] = [];
  const candidates: RegExp[] = [];
  let i = 0;
  while (i < rules.length) {
    const rule = rules[i];
    if (rule.break) {
      checks.push(check(true, rule.jsBefore, rule.jsAfter, rule.flags));
      if (rule.jsBefore !== '') candidates.push(new RegExp(rule.jsBefore, `gu${rule.flags}`));
      i++;
      continue;
    }
    // Consecutive no-break rules with the same "after" and flags say the same thing: one test for all.
    let j = i;
    const group: string[] = [];
    while (j < rules.length && !rules[j].break && rules[j].jsAfter === rule.jsAfter && rules[j].flags === rule.flags) {
      group.push(rules[j].jsBefore);
      j++;
    }
    checks.push(check(false, group.map((b) => `(?:${b})`).join('|'), rule.jsAfter, rule.flags));
    i = j;
  }
  return { candidates, checks };
}

function check(isBreak: boolean, before: string, after: string, flags: string): Check {
  return {
    isBreak,
    before: new RegExp(before === '' ? '' : `(?<=${before})`, `uy${flags}`),
    after: new RegExp(after === '' ? '' : `(?:${after})`, `uy${flags}`),
  };
}

/**
 * Break positions (indices into `text`, between characters) decided by the rules. `text` is the content of one
 * block, with inline codes already masked by the caller so that no rule looks inside a URL.
 */
export function breakPositions(text: string, rules: CompiledRules): number[] {
  const positions = new Set<number>();
  for (const candidate of rules.candidates) {
    candidate.lastIndex = 0;
    for (let m = candidate.exec(text); m; m = candidate.exec(text)) {
      const end = m.index + m[0].length;
      if (end > 0 && end < text.length) positions.add(end);
      if (m[0].length === 0) candidate.lastIndex++;
    }
  }
  const breaks: number[] = [];
  for (const position of [...positions].sort((a, b) => a - b)) {
    for (const rule of rules.checks) {
      rule.before.lastIndex = position;
      if (!rule.before.test(text)) continue;
      rule.after.lastIndex = position;
      if (!rule.after.test(text)) continue;
      if (rule.isBreak) breaks.push(position);
      break;
    }
  }
  return breaks;
}
