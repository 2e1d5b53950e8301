/**
 * SRX files are written in Java's regex dialect (ICU's, in Okapi). JavaScript's `u` regexes differ in a few
 * places that real rule files use; this translates those and leaves the rest alone:
 * - inline flags `(?i)`, `(?u)`, `(?iu)`: JavaScript has none; `i` becomes a flag of the whole rule
 *   (an approximation when the flag covered only part of a pattern);
 * - Java's named classes `\p{javaLowerCase}`, `\p{IsAlphabetic}`, `\p{Lower}`, `\p{InGreek}`…;
 * - possessive quantifiers and atomic groups (dropped: same matches for these patterns, less backtracking control);
 * - `\Q…\E` quoting, `\x{…}`, `\h`, `\A`, `\z`, `\Z`;
 * - identity escapes that `u` mode refuses (`\-` outside a class, `\'`, `\"`, `\ `);
 * - class intersections `[X&&[^Y]]` (a lookahead) and unions `[X[Y]]` (an alternation).
 * Word boundaries `\b`/`\B` are made Unicode-aware, as Java's are (JavaScript's are ASCII-only).
 */

const NAMED_CLASSES: Record<string, string[]> = {
  javaLowerCase: ['Ll'], javaUpperCase: ['Lu'], javaLetter: ['L'], javaDigit: ['Nd'], javaLetterOrDigit: ['L', 'Nd'],
  javaWhitespace: ['White_Space'], javaAlphabetic: ['Alphabetic'],
  Lower: ['Ll'], Upper: ['Lu'], Alpha: ['Alphabetic'], Digit: ['Nd'], Alnum: ['Alphabetic', 'Nd'], Punct: ['P'], Space: ['White_Space'],
  IsAlphabetic: ['Alphabetic'], IsLetter: ['L'], IsDigit: ['Nd'], IsUppercase: ['Uppercase'], IsLowercase: ['Lowercase'],
  IsWhite_Space: ['White_Space'], IsWhiteSpace: ['White_Space'], IsPunctuation: ['P'],
};

const SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);
const KNOWN_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S', 'b', 'B', 'n', 'r', 't', 'f', 'v', '0', 'u', 'x', 'p', 'P', 'c', 'k']);
const WORD = '[\\p{L}\\p{N}\\p{M}_]';

export interface TranslatedRegex {
  source: string;
  ignoreCase: boolean;
}

// Java's class intersection `[X&&[^Y]]` ("X but not Y") as a lookahead: `(?:(?![Y])[X])`.
const INTERSECTION = /\[((?:\\.|[^[\]\\])*)&&\[(\^?)((?:\\.|[^[\]\\])*)\]\]/g;

// Java's class union `[X[Y]]` as an alternation.
const UNION = /\[((?:\\.|[^[\]^\\])(?:\\.|[^[\]\\])*)\[((?:\\.|[^[\]\\])*)\]\]/g;

export function translateJavaRegex(input: string): TranslatedRegex {
  const java = input
    .replace(INTERSECTION, (_m, x: string, negated: string, y: string) => `(?:(?${negated ? '!' : '='}[${y}])[${x}])`)
    .replace(UNION, (_m, x: string, y: string) => `(?:[${x}]|[${y}])`);
  let ignoreCase = false;
  let out = '';
  let inClass = false;
  for (let i = 0; i < java.length; i++) {
    const c = java[i];
    if (c === '\\') {
      const next = java[i + 1];
      if (next === undefined) {
        out += '\\\\';
        continue;
      }
      if (next === 'Q') {
        const end = java.indexOf('\\E', i + 2);
        const literal = java.slice(i + 2, end < 0 ? java.length : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? java.length : end + 1;
        continue;
      }
      if (next === 'p' || next === 'P') {
        const m = /^\{(\^?)([A-Za-z_0-9=]+)\}/.exec(java.slice(i + 2));
        if (m) {
          out += namedClass(next === 'P' !== (m[1] === '^'), m[2], inClass);
          i += 1 + m[0].length;
          continue;
        }
      }
      if (next === 'x' && java[i + 2] === '{') {
        const end = java.indexOf('}', i + 3);
        out += `\\u{${java.slice(i + 3, end)}}`;
        i = end;
        continue;
      }
      if (next === 'h') { out += inClass ? ' \\t\\u00a0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000' : '[ \\t\\u00a0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]'; i++; continue; }
      if (next === 'A') { out += '^'; i++; continue; }
      if (next === 'z' || next === 'Z') { out += '$'; i++; continue; }
      if (!inClass && next === 'b') { out += `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`; i++; continue; }
      if (!inClass && next === 'B') { out += `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`; i++; continue; }
      if (SYNTAX.has(next) || KNOWN_ESCAPES.has(next) || /[1-9]/.test(next) || (inClass && next === '-')) {
        out += c + next;
      } else {
        // An identity escape `u` mode refuses (\- \' \" \  \< …): the character itself, escaped only if needed.
        out += next;
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      // Java reads a hyphen next to a class escape (`[\d-–]`) as a literal; in JavaScript that is an error.
      if (c === '-' && (/\\[dDwWsS]$|\\[pP]\{[^}]*\}$/.test(out) || /^\\[dDwWsSpP]/.test(java.slice(i + 1)))) {
        out += '\\-';
        continue;
      }
      if (c === '&' && java[i + 1] === '&') throw new Error('character class intersection (&&) has no JavaScript form');
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (java[i + 1] === '^') { out += '^'; i++; }
      if (java[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    if (c === '(' && java[i + 1] === '?') {
      const flags = /^\(\?([idmsuxU-]+)(\)|:)/.exec(java.slice(i));
      if (flags) {
        if (/i/.test(flags[1].split('-')[0])) ignoreCase = true;
        out += flags[2] === ':' ? '(?:' : '';
        i += flags[0].length - 1;
        continue;
      }
      if (java[i + 2] === '>') { out += '(?:'; i += 2; continue; }
    }
    if (c === '+' && /[*+?}]/.test(java[i - 1] ?? '') && java[i - 2] !== '\\') continue; // possessive quantifier
    // Java reads a `]` with no open class, and braces that are not a quantifier, as literals.
    if (c === ']') { out += '\\]'; continue; }
    if (c === '{' && !/^\{\d+(?:,\d*)?\}/.test(java.slice(i))) { out += '\\{'; continue; }
    if (c === '}' && !/\{\d+(?:,\d*)?$/.test(java.slice(0, i))) { out += '\\}'; continue; }
    out += c;
  }
  return { source: out, ignoreCase };
}

function namedClass(negated: boolean, name: string, inClass: boolean): string {
  let properties = NAMED_CLASSES[name];
  if (!properties && /^(?:In|Is)[A-Z]/.test(name) && !/^(?:Is|In)(?:L|Lu|Ll|N|P)$/.test(name)) properties = [`Script=${name.slice(2)}`];
  if (!properties) properties = [name];
  if (properties.length === 1) return `\\${negated ? 'P' : 'p'}{${properties[0]}}`;
  const union = properties.map((p) => `\\p{${p}}`).join('');
  // A composite class inside another class cannot be negated in JavaScript; it is kept positive there.
  if (inClass) return union;
  return negated ? `[^${union}]` : `[${union}]`;
}
