import { withoutPlaceholders } from './placeholders';

/**
 * Word counts per script. Languages written without spaces need a dictionary: Thai (and Lao, Khmer,
 * Burmese) words come from `Intl.Segmenter` word granularity. Chinese and Japanese count one word per
 * Han or kana character, as CAT tools (Trados, memoQ) do for CJK, because a "word" there has no agreed
 * boundary and clients pay per character. Codes and placeholders are not words.
 */

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const CJK_ALL = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(lang: string): Intl.Segmenter {
  let segmenter = segmenters.get(lang);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
    segmenters.set(lang, segmenter);
  }
  return segmenter;
}

export function countWords(text: string, lang: string): number {
  const visible = withoutPlaceholders(text);
  let count = 0;
  for (const piece of segmenterFor(lang).segment(visible)) {
    if (!piece.isWordLike) continue;
    if (CJK.test(piece.segment)) {
      const cjk = piece.segment.match(CJK_ALL)?.length ?? 0;
      // Mixed pieces ("WCIT大会") count their Latin part as one word besides the characters.
      count += cjk + (piece.segment.replace(CJK_ALL, '').trim() ? 1 : 0);
    } else {
      count++;
    }
  }
  return count;
}
