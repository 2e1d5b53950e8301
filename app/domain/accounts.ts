import { AppError } from './errors';

/** Account rules that need no database: e-mail form and password length (no silent truncation). */

export const PASSWORD_MIN_LENGTH = 8;
/** Long enough for any passphrase; bounded so a request cannot make us hash megabytes. */
export const PASSWORD_MAX_LENGTH = 1024;

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) {
    throw new AppError('invalid_email', 422, 'not an e-mail address', { field: 'email' });
  }
  return email;
}

export function checkNewPassword(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw new AppError('password_too_short', 422, `a password needs at least ${PASSWORD_MIN_LENGTH} characters`, { field: 'password', min: PASSWORD_MIN_LENGTH });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw new AppError('password_too_long', 422, `a password may have at most ${PASSWORD_MAX_LENGTH} characters`, { field: 'password', max: PASSWORD_MAX_LENGTH });
  }
}
