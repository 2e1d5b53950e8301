import { sql } from 'drizzle-orm';
import type { Role } from '~/domain/permissions';
import { createUser } from '~/services/auth.server';
import type { Db } from '~/services/database.server';

export interface Grant {
  role: Role;
  /** null: every project. */
  projectId?: number | null;
  /** null: every language of the project. */
  lang: string | null;
}

/**
 * An account with exactly these roles (as a coordinator's invitation would give), in a real database file.
 * security.md names the people: `tr_th`, `rv_th`, `rv_fr`, `coord`, `coord2`.
 */
export async function addMember(db: Db, name: string, grants: Grant[], password = 'a long passphrase') {
  const user = await createUser({ email: `${name}@example.org`, name, password, role: 'translator' }, db);
  // createUser gives a global role; replace it with the project roles asked for.
  db.run(sql`DELETE FROM memberships WHERE user_id = ${user.id}`);
  for (const g of grants) {
    db.run(sql`INSERT INTO memberships (user_id, project_id, role, lang) VALUES (${user.id}, ${g.projectId === undefined ? 1 : g.projectId}, ${g.role}, ${g.lang})`);
  }
  return user;
}
