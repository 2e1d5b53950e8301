/** Mozilla's list of the most common passwords (8 characters or more), as Firefox Accounts refuses them. */
declare module 'fxa-common-password-list' {
  const commonPasswords: { test(password: string): boolean };
  export default commonPasswords;
}
