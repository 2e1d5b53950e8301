/**
 * What one line (or block of lines) of a plain-text source is: gold FORMAT.md rules 8–13 for text/plain.
 * Pure string rules; the run-level decisions (signatory lists, lists after a colon) are in plain-text.ts.
 */

export interface LineClass {
  type: 'heading' | 'paragraph' | 'list-item' | 'metadata' | 'raw' | 'signatory';
  /** List marker or clause number, verbatim (`•`, `a)`, `23`), or null. */
  label: string | null;
  /** Where the segment text starts in the line: after indentation, the label and Word bookmarks. */
  contentOffset: number;
  /** A tab-separated word label (`Reasons:⇥…`) that is its own heading segment (rule 10), line offsets. */
  labelSegment?: { start: number; end: number };
  /** Short, unpunctuated, unlabelled: could be an organisation, a person, an item of a plain list. */
  nameLike: boolean;
  /** `Sincerely,`, `Signatories:`: what follows is the signatory list. */
  signOff: boolean;
}

const BOOKMARKS = /^(?:\[bookmark: [^\]\n]*\])+/;
/** Word dump clause numbers before a tab: `a)⇥`, `1⇥`, `23⇥`, `cb)⇥`, `(ii)⇥`, `•⇥` (rule 9). */
// Letters are any script's: the dump has Cyrillic look-alikes (`а)⇥`, `с)⇥`) among the Latin ones.
const TAB_LABEL = /^[ \u00a0]*(\(?\p{L}{1,3}\)|\([ivxlcdm]{1,7}\)|\(?\d{1,3}\p{L}?\)|\d{1,3}(?:\.\d{1,3})*\.?|[•·●○◦▪■‣⁃–—*+\-\uf0b7])\t+/iu;
const TAB_ONLY = /^\t+/;
/** Proposal numbers of ITU documents: `MOD⇥B/67/1` (rule 10, 13). */
const PROPOSAL_NUMBER = /^[ \u00a0]*(?:MOD|ADD|SUP|NOC|SUPP?)\t\S+\s*$/;
/** A word label before a tab, own heading segment: `Reasons:⇥Brazil proposes…` (rule 10). */
const WORD_TAB_LABEL = /^([\p{L}][\p{L}\p{M} ’'.-]{0,40}:)\t+/u;
const BULLET = /^[ \t\u00a0]*([•·●○◦▪■‣⁃–—*+-])[ \t\u00a0]+(?=\S)/;
const NUMBERED = /^[ \t\u00a0]*(\d{1,3}[.)]|\(\d{1,3}\)|[a-z][.)]|\([a-zA-Z]\)|[A-Z]\)|(?:[ivxlcdm]{1,6})[.)]|\([ivxlcdm]{1,6}\))[ \t\u00a0]+(?=\S)/;
const SECTION_NUMBER = /^\d{1,3}(?:\.\d{1,3})*\.?[ \t\u00a0]+\S/;

const SEPARATOR = /^[\s\u00a0]*([*_=~#•·.\-–—+])(?:[\s\u00a0]*\1){2,}[\s\u00a0]*$/;
const PAGE_CHROME = /^(?:skip to (?:main )?content|skip navigation|jump to (?:navigation|content|main content)|back to top|print this page|share this(?: page)?|toggle navigation|main menu)$/i;
const URL_ONLY = /^(?:\[\d{1,4}\]\s*|\d{1,4}[.)]\s*)?(?:<?(?:https?:\/\/|www\.)\S+>?\s*)+$/i;
const METADATA_PREFIX = /^(?:updated|last updated|last modified|posted|published|revised|dated?)\b[\s:,]/i;
const METADATA_LABEL = /^(?:source(?: url)?|url|links?|tags?|categories|filed under|permalink)\s*:/i;
const PAGE_NUMBER = /^page \d+(?: of \d+)?$/i;
const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DATE_ONLY = new RegExp(`^(?:\\d{1,2}\\s+${MONTH}\\s+\\d{4}|${MONTH}\\s+\\d{1,2},?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2})$`, 'i');
const SIGN_OFF = /^(?:sincerely|yours (?:sincerely|faithfully|truly)|(?:best |kind |warm )?regards|respectfully(?: yours)?|signed(?: by)?|signatories|the undersigned|endorsed by|signed,)[,:.]?$/i;
const TERMINAL = /[.!?…:;,]["'”’)\]]*$/;

export function classifyLine(raw: string): LineClass {
  // Cheap guards before each family of patterns: this runs once per line of every imported document.
  const line = raw.includes('\n') ? raw.replace(/\r?\n/g, ' ') : raw;
  const base = { label: null, contentOffset: leadingSpace(line), nameLike: false, signOff: false };
  const hasTab = line.includes('\t');

  if (hasTab && PROPOSAL_NUMBER.test(line)) return { ...base, type: 'metadata' };
  const bookmarks = line.includes('[bookmark: ') ? BOOKMARKS.exec(line.slice(base.contentOffset)) : null;
  const afterBookmarks = base.contentOffset + (bookmarks ? bookmarks[0].length : 0);
  const content = line.slice(afterBookmarks).trim();
  // Word bookmarks may stand before a clause number: `[bookmark: _GoBack]•⇥United Nations…`.
  const labelFrom = bookmarks ? afterBookmarks : 0;

  const fromLabel = hasTab ? line.slice(labelFrom) : '';
  const tabLabel = hasTab ? TAB_LABEL.exec(fromLabel) : null;
  if (tabLabel) return { ...base, type: 'list-item', label: tabLabel[1], contentOffset: labelFrom + tabLabel[0].length };
  const tabOnly = hasTab ? TAB_ONLY.exec(fromLabel) : null;
  if (tabOnly) return { ...base, type: 'list-item', contentOffset: labelFrom + tabOnly[0].length };
  const wordLabel = hasTab ? WORD_TAB_LABEL.exec(line.slice(afterBookmarks)) : null;
  if (wordLabel) {
    return {
      ...base, type: 'paragraph', contentOffset: afterBookmarks + wordLabel[0].length,
      labelSegment: { start: afterBookmarks, end: afterBookmarks + wordLabel[1].length },
    };
  }

  const short = content.length <= 80;
  const mayBeUrl = content.includes('://') || content.includes('www.');
  if (SEPARATOR.test(line) || (short && PAGE_CHROME.test(content)) || (mayBeUrl && URL_ONLY.test(undecorated(content)))) {
    return { ...base, type: 'raw' };
  }
  if ((METADATA_PREFIX.test(content) && /\d/.test(content)) || METADATA_LABEL.test(content) ||
      (short && (PAGE_NUMBER.test(content) || DATE_ONLY.test(content)))) {
    return { ...base, type: 'metadata' };
  }

  const bullet = BULLET.exec(line);
  if (bullet) return { ...base, type: 'list-item', label: bullet[1], contentOffset: bullet[0].length };
  const numbered = NUMBERED.exec(line);
  if (numbered) {
    const rest = line.slice(numbered[0].length).trim();
    // `3. Next steps` is a heading with its number (rule 8): a short, unpunctuated, capitalised title.
    if (/^\d/.test(numbered[1]) && looksLikeTitle(rest)) return { ...base, type: 'heading', contentOffset: afterBookmarks };
    return { ...base, type: 'list-item', label: numbered[1], contentOffset: numbered[0].length };
  }
  if (SECTION_NUMBER.test(content) && looksLikeTitle(content.replace(/^\S+\s+/, ''))) {
    return { ...base, type: 'heading', contentOffset: afterBookmarks };
  }

  // Only short lines can be headings or names: long ones need no word list.
  const words = content.length <= 400 ? content.split(/\s+/).filter(Boolean) : [];
  const unpunctuated = !TERMINAL.test(content);
  const nameLike = unpunctuated || /,$/.test(content) ? words.length <= 14 && content.length <= 90 : false;
  const signOff = SIGN_OFF.test(content);
  // Word puts `_Toc` bookmarks on headings only (they feed the table of contents), whatever their length.
  const tocHeading = bookmarks !== null && bookmarks[0].includes('[bookmark: _Toc') && unpunctuated && words.length > 0 && words.length <= 40;
  if (!signOff && (tocHeading || isHeading(content, words))) return { ...base, type: 'heading', contentOffset: afterBookmarks, nameLike };
  return { ...base, type: 'paragraph', contentOffset: afterBookmarks, nameLike: nameLike && !signOff, signOff };
}

/** A heading line: short and unpunctuated, or a short capitalised question such as `What Can I Do?`. */
function isHeading(content: string, words: string[]): boolean {
  // ITU operative keywords run long (`further instructs the Director of … and the Director of …`).
  const maxWords = /^\p{Ll}/u.test(content) ? 20 : 15;
  if (words.length === 0 || words.length > maxWords || content.length > 160) return false;
  if (!TERMINAL.test(content)) return true;
  return /[?!]$/.test(content) && words.length <= 8 && capitalisedShare(words) >= 0.6;
}

function looksLikeTitle(rest: string): boolean {
  const words = rest.split(/\s+/).filter(Boolean);
  return words.length > 0 && words.length <= 8 && !TERMINAL.test(rest) && /^\p{Lu}/u.test(rest);
}

function capitalisedShare(words: string[]): number {
  const significant = words.filter((w) => !/^(?:a|an|the|of|to|in|on|for|and|or|at|by|with|i)$/i.test(w));
  if (significant.length === 0) return 1;
  return significant.filter((w) => /^\P{L}*\p{Lu}/u.test(w)).length / significant.length;
}

/** Without the symbol-font bullets and private-use characters that Word puts around a footer URL. */
function undecorated(content: string): string {
  return content.replace(/^[\p{Co}\p{So}•·\s]+|[\p{Co}\p{So}•·\s]+$/gu, '');
}

function leadingSpace(line: string): number {
  const m = /^[ \t\u00a0\ufeff]*/.exec(line);
  return m ? m[0].length : 0;
}

export function isNameLike(cls: LineClass): boolean {
  return cls.nameLike && cls.label === null && (cls.type === 'heading' || cls.type === 'paragraph');
}

