import { eq } from 'drizzle-orm';
import { memberships } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { allows, type Action, type Membership } from '~/domain/permissions';
import { getDb, type Db } from './database.server';

/**
 * The one permission check of the product: roles read from the database on every request (revoking a role
 * takes effect at once), evaluated by domain/permissions. A person who may not even read a project gets the
 * same 404 as for a project that does not exist; one who may read but not act gets 403 (logged by runAction).
 */

type Reader = Pick<Db, 'select'>;

/** Who acts: a signed-in person, or the system itself (the command line, the seed). */
export type Actor = number | null;

export function membershipsOf(userId: number, db: Reader = getDb()): Membership[] {
  return db.select({ role: memberships.role, projectId: memberships.projectId, lang: memberships.lang })
    .from(memberships).where(eq(memberships.userId, userId)).all();
}

export function can(actor: Actor, action: Action, projectId: number, lang: string | null = null, db: Reader = getDb()): boolean {
  return actor === null || allows(membershipsOf(actor, db), action, projectId, lang);
}

/**
 * Throws unless the actor may do this. Someone who may not even read the project gets the 404 a missing project
 * gets (same message, same details), so its existence is not given away.
 */
export function authorize(actor: Actor, action: Action, project: { id: number; slug: string }, lang: string | null = null, db: Reader = getDb()): void {
  if (can(actor, action, project.id, lang, db)) return;
  if (!can(actor, 'read', project.id, null, db)) throw projectNotFound(project.slug);
  throw new AppError('forbidden', 403, `you may not ${action} here`, { need: action, ...(lang ? { lang } : {}) });
}

export function projectNotFound(slug: string): AppError {
  return new AppError('not_found', 404, 'no such project', { project: slug });
}

export function isProjectCoordinator(userId: number, projectId: number, db: Reader = getDb()): boolean {
  return can(userId, 'manage', projectId, null, db);
}

/** What a viewer may do in one language of a project, for pages to offer only what will be allowed. */
export interface Abilities {
  translate: boolean;
  suggest: boolean;
  vote: boolean;
  comment: boolean;
  review: boolean;
  /** Download the language as XLIFF or JSON for a CAT tool or a website. */
  export: boolean;
  /** Coordinate the project: import sources, publish. */
  manage: boolean;
  /** Translators save directly only where the project allows it (else they suggest). */
  saveDirectly: boolean;
  /** False where the project forbids approving a text one wrote. */
  approveOwn: boolean;
}

export function abilitiesIn(
  viewer: Actor,
  project: { id: number; translatorsMaySave: boolean; noSelfApproval: boolean },
  lang: string,
  db: Reader = getDb(),
): Abilities {
  const held = viewer === null ? null : membershipsOf(viewer, db);
  const may = (action: Action) => held === null || allows(held, action, project.id, lang);
  return {
    translate: may('translate'),
    suggest: may('suggest'),
    vote: may('vote'),
    comment: may('comment'),
    review: may('review'),
    export: may('export'),
    manage: may('manage'),
    saveDirectly: project.translatorsMaySave || may('review'),
    approveOwn: !project.noSelfApproval,
  };
}
