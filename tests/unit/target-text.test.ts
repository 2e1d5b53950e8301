import { describe, expect, it } from 'vitest';
import { AppError } from '~/domain/errors';
import { checkTargetText } from '~/domain/text/target-text';

function refusal(text: string, source = 'Sign the letter.') {
  try {
    checkTargetText(text, source);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, status: error.status, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('input rules for translations (security.md TXT-05 ... TXT-14)', () => {
  it('stores NFC and LF line ends', () => {
    expect(checkTargetText('e\u0301te\u0301', 'summer').text).toBe('été');
    expect(checkTargetText('a\r\nb\rc', 'x').text).toBe('a\nb\nc');
  });

  it('keeps joiners that scripts need, byte for byte', () => {
    expect(checkTargetText('র\u200D্য', 'x').text).toBe('র\u200D্য');
    expect(checkTargetText('می\u200Cخواهم', 'x').text).toBe('می\u200Cخواهم');
  });

  it('refuses control characters and says which and where', () => {
    expect(refusal('a\u0000b')).toEqual({ code: 'control_character', status: 422, details: { codepoint: 'U+0000', index: 1, position: 2 } });
    expect(refusal('ab\u0001')).toMatchObject({ code: 'control_character', details: { codepoint: 'U+0001', index: 2 } });
    expect(checkTargetText('a\tb\nc', 'x').text).toBe('a\tb\nc');
  });

  it('refuses lone surrogates instead of storing U+FFFD', () => {
    expect(refusal('abc\uD83D')).toMatchObject({ code: 'invalid_unicode', details: { codepoint: 'U+D83D', index: 3 } });
    expect(checkTargetText('ok 😀', 'x').text).toBe('ok 😀');
  });

  it('refuses unbalanced bidi controls and accepts balanced ones and marks', () => {
    expect(refusal('\u202Eدستخط')).toMatchObject({ code: 'unbalanced_bidi_control', details: { codepoint: 'U+202E', index: 0 } });
    expect(refusal('abc\u2069')).toMatchObject({ code: 'unbalanced_bidi_control', details: { codepoint: 'U+2069', index: 3 } });
    expect(checkTargetText('\u2067دستخط\u2069 \u200F', 'x').text).toBe('\u2067دستخط\u2069 \u200F');
  });

  it('refuses a target of more than 2,000 graphemes for a short source', () => {
    expect(refusal('ก'.repeat(2001), 'x'.repeat(100))).toMatchObject({ code: 'segment_too_long', details: { max: 2000, actual: 2001 } });
    expect(checkTargetText('ก'.repeat(2000), 'x'.repeat(100)).text).toHaveLength(2000);
  });

  it('warns about a zero-width space the source does not have', () => {
    expect(checkTargetText('ลง\u200Bนาม', 'Sign').warnings).toEqual([{ code: 'zero_width_space', index: 2 }]);
    expect(checkTargetText('ลงนาม', 'Sign').warnings).toEqual([]);
  });
});
