import commonPasswords from 'fxa-common-password-list';
import { AppError } from './errors';

/**
 * Account rules that need no database: e-mail form and password rules (no silent truncation). The list of
 * common passwords makes this module some 240 KB: a page that needs a constant from here gets it through its
 * loader's data, so that no component imports this file into the browser's bundle.
 */

export const PASSWORD_MIN_LENGTH = 8;
/** Long enough for any passphrase; bounded so a request cannot make us hash megabytes. */
export const PASSWORD_MAX_LENGTH = 1024;

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;

/** The form an address is stored and looked up in: one account per address however it is typed. */
export function canonicalEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function normalizeEmail(raw: string): string {
  const email = canonicalEmail(raw);
  if (email.length > 254 || !EMAIL.test(email)) {
    throw new AppError('invalid_email', 422, 'not an e-mail address', { field: 'email' });
  }
  return email;
}

/**
 * Length in characters (code points, not UTF-16 units), and not one of the passwords tried first: the list is
 * lower-case for the most part, and `PASSWORD` is guessed as early as `password`.
 */
export function checkNewPassword(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw new AppError('password_too_short', 422, `a password needs at least ${PASSWORD_MIN_LENGTH} characters`, { field: 'password', min: PASSWORD_MIN_LENGTH });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw new AppError('password_too_long', 422, `a password may have at most ${PASSWORD_MAX_LENGTH} characters`, { field: 'password', max: PASSWORD_MAX_LENGTH });
  }
  if (commonPasswords.test(password) || commonPasswords.test(password.toLowerCase())) {
    throw new AppError('password_too_common', 422, 'this password is among the most common ones', { field: 'password' });
  }
}
