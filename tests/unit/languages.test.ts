import { describe, expect, it } from 'vitest';
import { isLanguageTag, languageInfo, sentenceSeparator } from '~/domain/languages';

describe('languages', () => {
  it('knows the campaign languages by their BCP 47 tags, with direction', () => {
    expect(languageInfo('ur')).toMatchObject({ dir: 'rtl', nativeName: 'اردو' });
    expect(languageInfo('th')).toMatchObject({ dir: 'ltr', script: 'Thai' });
    expect(languageInfo('zh-Hans').script).toBe('Hans');
    expect(isLanguageTag('zh-Hans')).toBe(true);
    expect(isLanguageTag('zh_hans')).toBe(false);
  });

  it('names an unlisted tag through Intl and finds right-to-left ones', () => {
    expect(languageInfo('he')).toMatchObject({ dir: 'rtl', englishName: 'Hebrew' });
    expect(languageInfo('sw').englishName).toBe('Swahili');
  });

  it('joins sentences without a space in Chinese and Japanese only', () => {
    expect(sentenceSeparator(languageInfo('zh-Hans'))).toBe('');
    expect(sentenceSeparator(languageInfo('zh-Hant'))).toBe('');
    expect(sentenceSeparator(languageInfo('zh-TW'))).toBe('');
    expect(sentenceSeparator(languageInfo('ja'))).toBe('');
    for (const tag of ['th', 'ur', 'bn', 'fr', 'es']) expect(sentenceSeparator(languageInfo(tag))).toBe(' ');
  });
});
