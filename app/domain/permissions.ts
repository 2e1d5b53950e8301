/**
 * Who may do what, per project and language (DESIGN.md "Project … members with roles"). A person may hold
 * several roles (reviewer for fr, translator for es); each action is allowed only if one membership grants that
 * very action for that very language — roles never add up to more (reviewer(fr) + translator(all) gives no review
 * right for th, as Weblate #7893 once did).
 */
export type Role = 'coordinator' | 'reviewer' | 'translator';
export const ROLES: readonly Role[] = ['coordinator', 'reviewer', 'translator'];

export interface Membership {
  role: Role;
  /** null: every project. */
  projectId: number | null;
  /** null: every language of the project. */
  lang: string | null;
}

export type Action =
  | 'read' // see the project, its documents and translations
  | 'translate' // save a translation (see `mayTranslateDirectly` for translators)
  | 'suggest'
  | 'vote'
  | 'comment'
  | 'review' // approve, reject, accept a suggestion
  | 'export'
  | 'manage'; // import sources, invite, change roles and settings, publish

const GRANTS: Record<Role, ReadonlySet<Action>> = {
  coordinator: new Set(['read', 'translate', 'suggest', 'vote', 'comment', 'review', 'export', 'manage']),
  reviewer: new Set(['read', 'translate', 'suggest', 'vote', 'comment', 'review', 'export']),
  translator: new Set(['read', 'translate', 'suggest', 'vote', 'comment']),
};

/** Reading a project needs a membership in it, for any language; every other action needs one for the language. */
export function allows(memberships: readonly Membership[], action: Action, projectId: number, lang: string | null = null): boolean {
  return memberships.some((m) => {
    if (m.projectId !== null && m.projectId !== projectId) return false;
    if (!GRANTS[m.role].has(action)) return false;
    if (action === 'read' || m.role === 'coordinator') return true;
    return m.lang === null || (lang !== null && m.lang === lang);
  });
}

/** The languages of a project in which someone may do an action (for menus and dashboards). */
export function languagesAllowed(memberships: readonly Membership[], action: Action, projectId: number, languages: readonly string[]): string[] {
  return languages.filter((lang) => allows(memberships, action, projectId, lang));
}
