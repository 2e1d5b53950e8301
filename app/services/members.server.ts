import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import { memberships, users } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { ROLES, type Membership, type Role } from '~/domain/permissions';
import { getDb, inWriteTransaction, type Db } from './database.server';
import { requireProject } from './imports.server';
import { checkRoles, openInvitations } from './invitations.server';
import { authorize, can, membershipsOf } from './permissions.server';
import { projectTargets } from './projects.server';

/**
 * The people of a project and their roles, for its coordinators. A role is one membership row: adding one
 * inserts a row, revoking deletes it, and since every request reads roles afresh (permissions.server) a revoked
 * role stops working at the person's very next request.
 */

type Reader = Pick<Db, 'select'>;

export interface MemberRole {
  membershipId: number;
  role: Role;
  lang: string | null;
  /** Held over every project (given from the command line or setup), not only this one. */
  allProjects: boolean;
}

export interface Member {
  userId: number;
  name: string;
  email: string;
  roles: MemberRole[];
  /** The latest revision, suggestion, vote or comment of theirs in this project; null if none. */
  lastActivity: number | null;
}

/** Everyone with a role in the project (or in every project), their roles and last activity, and open invitations. */
export function loadMembers(input: { actor: number; project: string }, db: Db = getDb()) {
  const project = requireProject(input.project, db);
  authorize(input.actor, 'manage', project, null, db);
  const languages = projectTargets(db, project.id);
  const rows = db.select({
    membershipId: memberships.id, projectId: memberships.projectId, role: memberships.role, lang: memberships.lang,
    userId: users.id, name: users.name, email: users.email,
  }).from(memberships).innerJoin(users, eq(users.id, memberships.userId))
    .where(or(eq(memberships.projectId, project.id), isNull(memberships.projectId)))
    .orderBy(asc(users.name), asc(users.id)).all();
  const activity = lastActivity(project.id, db);
  const people = new Map<number, Member>();
  for (const row of rows) {
    const person = people.get(row.userId) ?? { userId: row.userId, name: row.name, email: row.email, roles: [], lastActivity: activity.get(row.userId) ?? null };
    person.roles.push({ membershipId: row.membershipId, role: row.role, lang: row.lang, allProjects: row.projectId === null });
    people.set(row.userId, person);
  }
  // Coordinator, reviewer, translator; "every language" before the project's languages in their order.
  const rank = (r: MemberRole) => ROLES.indexOf(r.role) * 1000 + (r.lang === null ? -1 : languages.indexOf(r.lang));
  for (const person of people.values()) person.roles.sort((a, b) => rank(a) - rank(b));
  return {
    project: { slug: project.slug, title: project.title },
    languages,
    people: [...people.values()],
    invitations: openInvitations(project.id, db),
    mayChangeAllProjectRoles: coordinatesEveryProject(membershipsOf(input.actor, db)),
  };
}

/** Gives a member of the project one more role in it (nothing happens if they hold exactly that role here already). */
export function addMemberRole(input: { actor: number; project: string; userId: number; role: Role; lang: string | null }, db: Db = getDb()): void {
  const project = requireProject(input.project, db);
  authorize(input.actor, 'manage', project, null, db);
  const [{ role, lang }] = checkRoles([{ role: input.role, lang: input.lang }], projectTargets(db, project.id));
  inWriteTransaction(db, (tx) => {
    // Only people already in the project: anyone else is invited, so an account is never pulled in by its id.
    const inProject = membershipsOf(input.userId, tx).some((m) => m.projectId === null || m.projectId === project.id);
    if (!inProject) throw new AppError('not_found', 404, 'no such member of this project', { user: input.userId });
    const same = tx.select({ id: memberships.id }).from(memberships).where(and(
      eq(memberships.userId, input.userId), eq(memberships.projectId, project.id), eq(memberships.role, role),
      lang === null ? isNull(memberships.lang) : eq(memberships.lang, lang),
    )).get();
    if (!same) tx.insert(memberships).values({ userId: input.userId, projectId: project.id, role, lang }).run();
  });
}

/**
 * Takes one role away. A role over every project is changed only by someone who coordinates every project (a
 * coordinator of this one must not strip people of other projects), and nobody takes away the role that lets
 * them manage this project themselves.
 */
export function revokeMemberRole(input: { actor: number; project: string; membershipId: number }, db: Db = getDb()): void {
  const project = requireProject(input.project, db);
  authorize(input.actor, 'manage', project, null, db);
  inWriteTransaction(db, (tx) => {
    const membership = tx.select().from(memberships).where(eq(memberships.id, input.membershipId)).get();
    if (!membership || (membership.projectId !== null && membership.projectId !== project.id)) {
      throw new AppError('not_found', 404, 'no such role in this project', { membership: input.membershipId });
    }
    if (membership.projectId === null && !coordinatesEveryProject(membershipsOf(input.actor, tx))) {
      throw new AppError('forbidden', 403, 'a role over every project is changed only by a coordinator of every project', { membership: membership.id });
    }
    tx.delete(memberships).where(eq(memberships.id, membership.id)).run();
    // Checked on the result, inside the transaction: throwing rolls the deletion back.
    if (membership.userId === input.actor && !can(input.actor, 'manage', project.id, null, tx)) {
      throw new AppError('last_coordinator', 409, 'you cannot remove your own last coordinator role in this project');
    }
  });
}

function coordinatesEveryProject(held: readonly Membership[]): boolean {
  return held.some((m) => m.role === 'coordinator' && m.projectId === null);
}

/** Latest moment each person wrote a revision, suggestion, vote or comment in this project. */
function lastActivity(projectId: number, db: Reader & Pick<Db, 'all'>): Map<number, number> {
  const rows = db.all<{ who: number; last: number }>(sql`
    SELECT who, MAX(at) AS last FROM (
      SELECT r.author_id AS who, r.created_at AS at FROM revisions r
        JOIN translations t ON t.id = r.translation_id JOIN segments s ON s.id = t.segment_id JOIN documents d ON d.id = s.document_id
        WHERE d.project_id = ${projectId} AND r.author_id IS NOT NULL
      UNION ALL
      SELECT g.author_id, g.created_at FROM suggestions g
        JOIN segments s ON s.id = g.segment_id JOIN documents d ON d.id = s.document_id WHERE d.project_id = ${projectId}
      UNION ALL
      SELECT v.user_id, v.created_at FROM votes v JOIN suggestions g ON g.id = v.suggestion_id
        JOIN segments s ON s.id = g.segment_id JOIN documents d ON d.id = s.document_id WHERE d.project_id = ${projectId}
      UNION ALL
      SELECT c.author_id, c.created_at FROM comments c
        JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = s.document_id WHERE d.project_id = ${projectId}
    ) GROUP BY who`);
  return new Map(rows.map((r) => [r.who, r.last]));
}
