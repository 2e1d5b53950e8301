/** Interface languages and namespaces (one per screen, as Pontoon groups its string ids). */
export const INTERFACE_LANGUAGES = ['en'] as const;
export type InterfaceLanguage = (typeof INTERFACE_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: InterfaceLanguage = 'en';
export const NAMESPACES = ['common', 'auth', 'dashboard', 'editor', 'history', 'segment', 'import', 'members', 'settings', 'review', 'exchange', 'publish', 'errors'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export function isInterfaceLanguage(value: string): value is InterfaceLanguage {
  return (INTERFACE_LANGUAGES as readonly string[]).includes(value);
}
