import { describe, expect, it } from 'vitest';
import { countWords } from '~/domain/text/word-count';

describe('word counts per script', () => {
  it('counts English words and leaves codes out', () => {
    expect(countWords('We oppose {1}the ITU treaty{/1} {2/}.', 'en')).toBe(5);
  });

  it('counts Thai dictionary words although Thai has no spaces', () => {
    // Hand counts, word by word as a Thai reader splits them ("Governments control the organisation").
    expect(countWords('รัฐบาลควบคุมองค์กร', 'th')).toBe(3); // รัฐบาล ควบคุม องค์กร
    expect(countWords('เราคัดค้าน การขยาย', 'th')).toBe(4); // เรา คัดค้าน การ ขยาย
  });

  it('counts each Chinese character as a word, as CAT tools do', () => {
    expect(countWords('我们反对扩大条约。', 'zh-Hans')).toBe(8);
    expect(countWords('WCIT 大会', 'zh-Hans')).toBe(3);
  });

  it('counts Urdu and Bangla words by their spaces', () => {
    expect(countWords('ہم معاہدے کی مخالفت کرتے ہیں۔', 'ur')).toBe(6);
    expect(countWords('আমরা চুক্তির বিরোধিতা করি।', 'bn')).toBe(4);
  });
});
