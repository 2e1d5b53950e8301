/**
 * Matching the segments of an old version of a source document to those of a new version, so that
 * translations survive a re-import: a segment whose text is unchanged keeps its translation even when it moved,
 * an edited one keeps it but is flagged for review, a new one starts untranslated, a removed one is retired.
 *
 * Two passes, like a person comparing two printouts:
 *  1. identical texts (after Unicode and whitespace normalisation) pair one-to-one, duplicates in order;
 *  2. among what is left, texts that are similar enough pair best-first, near-ties going to the candidate that
 *     sits where the old one was (between the same unchanged neighbours) and has the same kind.
 *
 * Pure: no I/O, so it can run on the server at import time and in tests alike.
 */
import { diffArrays } from 'diff';
import { distance } from 'fastest-levenshtein';

export interface OldUnit { key: string; text: string; position: number; block: number; kind: string }
export interface NewUnit { text: string; position: number; block: number; kind: string }

/**
 * Results come in the new document's order (by `newPosition`). A removed unit is placed right after the nearest
 * old unit before it that survived without moving, i.e. where a reader of the old version last saw it; removed
 * units with no such neighbour come first. Several removed units after the same neighbour keep their old order.
 */
export type SegmentMatch =
  | { type: 'unchanged'; oldKey: string; newPosition: number; moved: boolean }
  | { type: 'changed'; oldKey: string; newPosition: number; similarity: number; moved: boolean }
  | { type: 'new'; newPosition: number }
  | { type: 'removed'; oldKey: string; oldPosition: number };

export type DiffPart = { type: 'same' | 'added' | 'removed'; text: string };

/**
 * An edited sentence scores well above this and two different sentences well below it. Measured on sign-on letter
 * sentences (those of the unit tests, some 1,500 pairs): a sentence with two to four words replaced, a clause
 * added or a comma gained scores 0.65–0.99, while two unrelated sentences of one letter score 0.25 on median,
 * 0.33 at the 95th percentile and 0.47 at most (common letters, spaces and function words always line up
 * somewhat). 0.6 sits in the gap, nearer the unrelated side only as far as needed to keep heavier rewordings;
 * a false pair is the worse mistake (a wrong translation kept, even if flagged), a missed pair only costs a
 * re-translation.
 */
export const CHANGED_SIMILARITY_THRESHOLD = 0.6;

/**
 * Under this many characters a text is too short for the general threshold: "Kictanet, Kenya" and
 * "Nawaat, Tunisia" share a comma and a space, and one edit in a short text is a large share of it. Short texts
 * (signatories, headings, list items) must be nearly the same — a fixed typo, a changed case, a word added to a
 * name — to count as the same segment; otherwise they are a removal plus an addition.
 */
export const SHORT_TEXT_LENGTH = 20;
export const SHORT_TEXT_SIMILARITY_THRESHOLD = 0.8;

/**
 * 1 is kept for texts that are the same after normalisation, so that a similarity shown to a reviewer never claims
 * "identical" for a text that was in fact edited (a changed case or reordered words can otherwise measure 1).
 */
const HIGHEST_SIMILARITY_OF_EDITED_TEXTS = 0.99;

/**
 * How much a candidate's distance from where the old unit was (as a share of the new document) lowers its rank.
 * Small on purpose: it decides near-ties (two similar candidates) without letting a poor candidate next door beat
 * a clearly better one elsewhere — sentences do move and get edited in one go.
 */
const PROXIMITY_WEIGHT = 0.1;
/** Decides between otherwise equal candidates; a sentence seldom becomes a heading or list item. */
const SAME_KIND_BONUS = 0.02;

/**
 * Up to this many leftover pairs every pair is compared (a few microseconds each for sentences, so about a tenth
 * of a second at worst). Beyond it — a largely rewritten document — candidates are restricted to a window around
 * where the old unit would be and to new units sharing rare words with it.
 */
const ALL_PAIRS_LIMIT = 60_000;
/** New leftovers on each side of the expected place that are always candidates when candidates are restricted. */
const CANDIDATE_WINDOW = 10;
/**
 * A word found in more new leftovers than this says little about which one is the edited sentence. A new unit
 * elsewhere becomes a candidate when it holds at least half of the old unit's rare words: an edited sentence
 * keeps most of its words, an unrelated one shares one or two by chance.
 */
const RARE_WORD_MAX_UNITS = 16;
/** Beyond this many DP cells, duplicates of one text are paired proportionally instead of optimally. */
const DUPLICATE_DP_CELL_LIMIT = 4_000_000;

/** Same text as far as the translator is concerned: canonical Unicode, whitespace as laid out not counting. */
function normalize(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

// Zero-width (non-)joiners sit inside Persian and Urdu words; they must not split them.
const TOKEN = /\s+|[\p{L}\p{M}\p{N}\u200c\u200d]+|[^\s\p{L}\p{M}\p{N}\u200c\u200d]/gu;
// Scripts written without spaces between words: only a dictionary knows where words end.
const SCRIPT_WITHOUT_SPACES =
  /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
let wordSegmenter: Intl.Segmenter | undefined;

/**
 * Words, single punctuation marks and whitespace runs, in order; joined they give back the text. The regular
 * expression is used where spaces separate words because Intl.Segmenter is many times slower.
 */
function tokenize(text: string): string[] {
  if (!SCRIPT_WITHOUT_SPACES.test(text)) return text.match(TOKEN) ?? [];
  wordSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
  return Array.from(wordSegmenter.segment(text), (piece) => piece.segment);
}

/** What the similarity of a text is computed from, prepared once per unit. */
interface TextProfile {
  normalized: string;
  /** Case-folded words and punctuation marks with their counts: a comma gained is a token gained. */
  tokenCounts: Map<string, number>;
  tokenTotal: number;
}

function profileOf(normalized: string): TextProfile {
  const tokenCounts = new Map<string, number>();
  let tokenTotal = 0;
  for (const token of tokenize(normalized)) {
    if (token.trim() === '') continue;
    const folded = token.toLowerCase();
    tokenCounts.set(folded, (tokenCounts.get(folded) ?? 0) + 1);
    tokenTotal++;
  }
  return { normalized, tokenCounts, tokenTotal };
}

/** Shared tokens over all tokens, counting repeats: insensitive to clauses being reordered and to case. */
function tokenOverlap(a: TextProfile, b: TextProfile): number {
  if (a.tokenTotal === 0 || b.tokenTotal === 0) return 0;
  const [smaller, larger] = a.tokenCounts.size <= b.tokenCounts.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [token, count] of smaller.tokenCounts) shared += Math.min(count, larger.tokenCounts.get(token) ?? 0);
  return shared / (a.tokenTotal + b.tokenTotal - shared);
}

/**
 * When screening candidates, texts of at least this many words that share less than this share of them are taken
 * as unrelated without measuring characters. People edit a sentence by replacing, adding or moving some of its
 * words; for characters to stay 60% alike while four words in five change, nearly every word would need a small
 * change of its own. Skipping the Levenshtein distance for such pairs is what keeps a largely rewritten document
 * fast. Short texts are exempt: one misspelt name is half of the words of "Kictanet, Kenya".
 */
const UNRELATED_BELOW_WORD_OVERLAP = 0.2;
const UNRELATED_CHECK_MIN_WORDS = 6;

/**
 * The better of two views of the same edit: by characters (typos, a comma, an inflected word; works for any
 * script) and by words (a long sentence with a few words swapped or a clause moved, which costs many character
 * edits). With a `floor` (screening), the result is exact only when it reaches the floor: the Levenshtein distance
 * is skipped when the lengths alone, or too few shared words, rule the character view out.
 */
function profileSimilarity(a: TextProfile, b: TextProfile, floor = 0): number {
  if (a.normalized === b.normalized) return 1;
  const longer = Math.max(a.normalized.length, b.normalized.length);
  if (longer === 0) return 1;
  const shorter = Math.min(a.normalized.length, b.normalized.length);
  const byWords = tokenOverlap(a, b);
  // Levenshtein is at least the length difference, so this bounds the character similarity from above.
  const characterCeiling = shorter / longer;
  const screenedOut =
    floor > 0 &&
    (characterCeiling < floor ||
      (byWords < UNRELATED_BELOW_WORD_OVERLAP && Math.min(a.tokenTotal, b.tokenTotal) >= UNRELATED_CHECK_MIN_WORDS));
  let best = byWords;
  if (!screenedOut && characterCeiling > best) {
    best = Math.max(best, 1 - distance(a.normalized, b.normalized) / longer);
  }
  return Math.min(best, HIGHEST_SIMILARITY_OF_EDITED_TEXTS);
}

/** How alike two texts are, from 0 (nothing in common) to 1 (the same after normalisation). */
export function similarity(a: string, b: string): number {
  return profileSimilarity(profileOf(normalize(a)), profileOf(normalize(b)));
}

function thresholdFor(a: TextProfile, b: TextProfile): number {
  return Math.max(a.normalized.length, b.normalized.length) < SHORT_TEXT_LENGTH
    ? SHORT_TEXT_SIMILARITY_THRESHOLD
    : CHANGED_SIMILARITY_THRESHOLD;
}

/** A signatory is a name, never a sentence of the letter, however alike the two read. Empty kind = unknown. */
function kindsMayPair(a: string, b: string): boolean {
  if (a === '' || b === '') return true;
  return (a === 'signatory') === (b === 'signatory');
}

/**
 * Which items of `sequence` form one longest strictly increasing subsequence (patience sorting, O(n log n)).
 */
function longestIncreasingMembers(sequence: readonly number[]): boolean[] {
  const tailIndexes: number[] = [];
  const previous = new Int32Array(sequence.length).fill(-1);
  for (let i = 0; i < sequence.length; i++) {
    let low = 0;
    let high = tailIndexes.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (sequence[tailIndexes[middle]] < sequence[i]) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[i] = tailIndexes[low - 1];
    tailIndexes[low] = i;
  }
  const members = new Array<boolean>(sequence.length).fill(false);
  for (let i = tailIndexes.length ? tailIndexes[tailIndexes.length - 1] : -1; i >= 0; i = previous[i]) members[i] = true;
  return members;
}

/**
 * Pairs the occurrences of one repeated text, keeping their order and putting each pair as close as possible in
 * relative position (so with "Kictanet, Kenya" once early and once late in both versions, early pairs with early).
 * `fewer`/`more` are indexes sorted ascending; calls `pair(fewerItem, moreItem)` min(fewer, more) times.
 */
function pairInOrder(
  fewer: readonly number[],
  more: readonly number[],
  distanceOf: (fewerItem: number, moreItem: number) => number,
  pair: (fewerItem: number, moreItem: number) => void,
): void {
  const k = fewer.length;
  const m = more.length;
  if (k === m) {
    for (let i = 0; i < k; i++) pair(fewer[i], more[i]);
    return;
  }
  if (k * m > DUPLICATE_DP_CELL_LIMIT) {
    for (let i = 0; i < k; i++) pair(fewer[i], more[Math.round(k === 1 ? 0 : (i * (m - 1)) / (k - 1))]);
    return;
  }
  // cost[i][j]: least total distance pairing fewer[0..i) within more[0..j); tookPair remembers the choice.
  const width = m + 1;
  const cost = new Float64Array((k + 1) * width);
  const tookPair = new Uint8Array((k + 1) * width);
  for (let i = 1; i <= k; i++) {
    for (let j = 0; j <= m; j++) {
      const cell = i * width + j;
      if (j < i) {
        cost[cell] = Infinity;
        continue;
      }
      const skip = cost[cell - 1];
      const take = cost[cell - width - 1] + distanceOf(fewer[i - 1], more[j - 1]);
      if (take <= skip) {
        cost[cell] = take;
        tookPair[cell] = 1;
      } else {
        cost[cell] = skip;
      }
    }
  }
  for (let i = k, j = m; i > 0; j--) {
    if (tookPair[i * width + j]) {
      pair(fewer[i - 1], more[j - 1]);
      i--;
    }
  }
}

/** Index of the first item of a sorted array that is >= value. */
function lowerBound(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

interface Candidate { oldIndex: number; newIndex: number; similarity: number; rank: number; offset: number }

/**
 * Matches old segments to new ones. Every old unit appears once (unchanged, changed or removed), every new unit
 * once (unchanged, changed or new); see SegmentMatch for the order. Positions need not be contiguous; units are
 * ordered by them.
 */
export function matchSegments(oldUnits: readonly OldUnit[], newUnits: readonly NewUnit[]): SegmentMatch[] {
  const olds = [...oldUnits].sort((a, b) => a.position - b.position);
  const news = [...newUnits].sort((a, b) => a.position - b.position);
  const oldCount = olds.length;
  const newCount = news.length;
  const oldTexts = olds.map((unit) => normalize(unit.text));
  const newTexts = news.map((unit) => normalize(unit.text));
  const newPartnerOfOld = new Int32Array(oldCount).fill(-1);
  const oldPartnerOfNew = new Int32Array(newCount).fill(-1);
  const similarityOfNew = new Float64Array(newCount).fill(1);
  const link = (oldIndex: number, newIndex: number) => {
    newPartnerOfOld[oldIndex] = newIndex;
    oldPartnerOfNew[newIndex] = oldIndex;
  };
  const oldShare = (index: number) => (index + 0.5) / oldCount;
  const newShare = (index: number) => (index + 0.5) / newCount;

  // Pass 1: identical texts.
  const oldIndexesByText = new Map<string, number[]>();
  oldTexts.forEach((text, index) => {
    const indexes = oldIndexesByText.get(text);
    if (indexes) indexes.push(index);
    else oldIndexesByText.set(text, [index]);
  });
  const newIndexesByText = new Map<string, number[]>();
  newTexts.forEach((text, index) => {
    if (!oldIndexesByText.has(text)) return;
    const indexes = newIndexesByText.get(text);
    if (indexes) indexes.push(index);
    else newIndexesByText.set(text, [index]);
  });
  for (const [text, newIndexes] of newIndexesByText) {
    const oldIndexes = oldIndexesByText.get(text)!;
    if (oldIndexes.length <= newIndexes.length) {
      pairInOrder(oldIndexes, newIndexes, (o, n) => Math.abs(oldShare(o) - newShare(n)), link);
    } else {
      pairInOrder(newIndexes, oldIndexes, (n, o) => Math.abs(oldShare(o) - newShare(n)), (n, o) => link(o, n));
    }
  }

  // Unchanged units that kept their order bound where an edited unit is expected to be: between the anchors
  // around its old place. (Moved unchanged units say nothing about where their old neighbours went.)
  const exactPairsInNewOrder: number[] = [];
  for (let n = 0; n < newCount; n++) if (oldPartnerOfNew[n] >= 0) exactPairsInNewOrder.push(n);
  const anchorMembers = longestIncreasingMembers(exactPairsInNewOrder.map((n) => oldPartnerOfNew[n]));
  const anchorOld: number[] = [-1];
  const anchorNew: number[] = [-1];
  exactPairsInNewOrder.forEach((n, i) => {
    if (!anchorMembers[i]) return;
    anchorOld.push(oldPartnerOfNew[n]);
    anchorNew.push(n);
  });
  anchorOld.push(oldCount);
  anchorNew.push(newCount);

  // Pass 2: similar texts among the leftovers.
  const oldLeftovers: number[] = [];
  for (let o = 0; o < oldCount; o++) if (newPartnerOfOld[o] < 0) oldLeftovers.push(o);
  const newLeftovers: number[] = [];
  for (let n = 0; n < newCount; n++) if (oldPartnerOfNew[n] < 0) newLeftovers.push(n);

  if (oldLeftovers.length > 0 && newLeftovers.length > 0) {
    const oldProfiles = new Map<number, TextProfile>(oldLeftovers.map((o) => [o, profileOf(oldTexts[o])]));
    const newProfiles = new Map<number, TextProfile>(newLeftovers.map((n) => [n, profileOf(newTexts[n])]));
    const restricted = oldLeftovers.length * newLeftovers.length > ALL_PAIRS_LIMIT;

    const newLeftoversByRareToken = new Map<string, number[]>();
    if (restricted) {
      for (const n of newLeftovers) {
        for (const token of newProfiles.get(n)!.tokenCounts.keys()) {
          const holders = newLeftoversByRareToken.get(token);
          if (holders) holders.push(n);
          else newLeftoversByRareToken.set(token, [n]);
        }
      }
    }

    const candidates: Candidate[] = [];
    const lastConsideredBy = new Int32Array(newCount).fill(-1);
    const sharedRareTokens = new Int32Array(newCount);
    const sharingRareTokens: number[] = [];
    for (const o of oldLeftovers) {
      const gap = lowerBound(anchorOld, o); // anchorOld[gap - 1] < o < anchorOld[gap]
      const before = anchorNew[gap - 1];
      const after = anchorNew[gap];
      const expected =
        before + ((o - anchorOld[gap - 1]) * (after - before)) / (anchorOld[gap] - anchorOld[gap - 1]);
      const oldProfile = oldProfiles.get(o)!;

      const consider = (n: number) => {
        if (lastConsideredBy[n] === o) return;
        lastConsideredBy[n] = o;
        if (!kindsMayPair(olds[o].kind, news[n].kind)) return;
        const newProfile = newProfiles.get(n)!;
        const threshold = thresholdFor(oldProfile, newProfile);
        const score = profileSimilarity(oldProfile, newProfile, threshold);
        if (score < threshold) return;
        const outsideGap = n < before ? before - n : n > after ? n - after : 0;
        const rank =
          score -
          (PROXIMITY_WEIGHT * outsideGap) / newCount +
          (olds[o].kind === news[n].kind ? SAME_KIND_BONUS : 0);
        candidates.push({ oldIndex: o, newIndex: n, similarity: score, rank, offset: Math.abs(n - expected) });
      };

      if (!restricted) {
        for (const n of newLeftovers) consider(n);
        continue;
      }
      const nearest = lowerBound(newLeftovers, expected);
      const from = Math.max(0, nearest - CANDIDATE_WINDOW);
      const to = Math.min(newLeftovers.length, nearest + CANDIDATE_WINDOW);
      for (let i = from; i < to; i++) consider(newLeftovers[i]);
      let rareTokens = 0;
      for (const token of oldProfile.tokenCounts.keys()) {
        const holders = newLeftoversByRareToken.get(token);
        if (!holders || holders.length > RARE_WORD_MAX_UNITS) continue;
        rareTokens++;
        for (const n of holders) if (sharedRareTokens[n]++ === 0) sharingRareTokens.push(n);
      }
      for (const n of sharingRareTokens) {
        if (sharedRareTokens[n] * 2 >= rareTokens) consider(n);
        sharedRareTokens[n] = 0;
      }
      sharingRareTokens.length = 0;
    }

    candidates.sort(
      (a, b) => b.rank - a.rank || a.offset - b.offset || a.oldIndex - b.oldIndex || a.newIndex - b.newIndex,
    );
    for (const candidate of candidates) {
      if (newPartnerOfOld[candidate.oldIndex] >= 0 || oldPartnerOfNew[candidate.newIndex] >= 0) continue;
      link(candidate.oldIndex, candidate.newIndex);
      similarityOfNew[candidate.newIndex] = candidate.similarity;
    }
  }

  // A unit moved when it no longer keeps its order among the matched units; a largest set that does stays put.
  const matchedInNewOrder: number[] = [];
  for (let n = 0; n < newCount; n++) if (oldPartnerOfNew[n] >= 0) matchedInNewOrder.push(n);
  const stayedMembers = longestIncreasingMembers(matchedInNewOrder.map((n) => oldPartnerOfNew[n]));
  const movedNew = new Uint8Array(newCount);
  matchedInNewOrder.forEach((n, i) => {
    if (!stayedMembers[i]) movedNew[n] = 1;
  });

  const removedAfterOld = new Map<number, number[]>();
  const removedAtStart: number[] = [];
  let lastStayedOld = -1;
  for (let o = 0; o < oldCount; o++) {
    const n = newPartnerOfOld[o];
    if (n >= 0) {
      if (!movedNew[n]) lastStayedOld = o;
      continue;
    }
    if (lastStayedOld < 0) {
      removedAtStart.push(o);
      continue;
    }
    const removed = removedAfterOld.get(lastStayedOld);
    if (removed) removed.push(o);
    else removedAfterOld.set(lastStayedOld, [o]);
  }

  const results: SegmentMatch[] = [];
  const pushRemoved = (indexes: readonly number[] | undefined) => {
    for (const o of indexes ?? []) results.push({ type: 'removed', oldKey: olds[o].key, oldPosition: olds[o].position });
  };
  pushRemoved(removedAtStart);
  for (let n = 0; n < newCount; n++) {
    const o = oldPartnerOfNew[n];
    const newPosition = news[n].position;
    if (o < 0) {
      results.push({ type: 'new', newPosition });
      continue;
    }
    const moved = movedNew[n] === 1;
    if (oldTexts[o] === newTexts[n]) {
      results.push({ type: 'unchanged', oldKey: olds[o].key, newPosition, moved });
    } else {
      results.push({ type: 'changed', oldKey: olds[o].key, newPosition, similarity: similarityOfNew[n], moved });
    }
    if (!moved) pushRemoved(removedAfterOld.get(o));
  }
  return results;
}

/**
 * Word-level differences from `oldText` to `newText`, for showing a reviewer what an edit changed. Whitespace is
 * kept, so the `same` and `removed` parts joined give back `oldText` exactly and `same` and `added` give
 * `newText`. Words come from the tokenizer above (dictionary-based for Thai or Chinese, where the `diff`
 * package's own word splitting would compare single characters), compared with the package's array diff.
 */
export function wordDiff(oldText: string, newText: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffArrays(tokenize(oldText), tokenize(newText))) {
    const type: DiffPart['type'] = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const text = change.value.join('');
    if (text === '') continue;
    const last = parts[parts.length - 1];
    if (last && last.type === type) last.text += text;
    else parts.push({ type, text });
  }
  return parts;
}
