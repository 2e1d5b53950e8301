import { describe, expect, it } from 'vitest';
import { checkNewPassword, normalizeEmail, PASSWORD_MAX_LENGTH } from '~/domain/accounts';
import { AppError } from '~/domain/errors';

/** The refusal's code and details, or null when the password is accepted. */
function refusal(password: string) {
  try {
    checkNewPassword(password);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { status: error.status, code: error.code, details: error.details };
  }
}

describe('new passwords', () => {
  it('need at least 8 characters: 7 are refused with 422 password_too_short, 8 are enough', () => {
    expect(refusal('Tq7#vWz')).toEqual({ status: 422, code: 'password_too_short', details: { field: 'password', min: 8 } });
    expect(refusal('Tq7#vWz9')).toBeNull();
  });

  it('are counted in characters, not in UTF-16 units: seven emoji are too short, eight Thai letters are enough', () => {
    expect(refusal('🔑'.repeat(7))).toMatchObject({ code: 'password_too_short' });
    expect(refusal('กขฃคฅฆงจ')).toBeNull();
  });

  it('may not be one of the common passwords, as typed or in capitals', () => {
    for (const common of ['password', 'PASSWORD', 'Password', '12345678', 'iloveyou', 'qwertyuiop']) {
      expect({ common, refusal: refusal(common) }).toEqual({ common, refusal: { status: 422, code: 'password_too_common', details: { field: 'password' } } });
    }
    expect(refusal('vellum kite orchard')).toBeNull();
  });

  it('may be long, up to 1024 characters; 1025 are refused', () => {
    const long = 'abcdefghij'.repeat(103);
    expect(refusal(long.slice(0, PASSWORD_MAX_LENGTH))).toBeNull();
    expect(refusal(long.slice(0, PASSWORD_MAX_LENGTH + 1))).toMatchObject({ code: 'password_too_long', details: { max: 1024 } });
  });
});

describe('e-mail addresses', () => {
  it('are stored trimmed and lower-cased, and refused when they are not addresses', () => {
    expect(normalizeEmail('  Ana.Lopez@Example.ORG ')).toBe('ana.lopez@example.org');
    expect(() => normalizeEmail('ana.lopez')).toThrow(expect.objectContaining({ code: 'invalid_email', status: 422 }));
  });
});
