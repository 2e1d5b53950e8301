import { and, eq, isNull, or } from 'drizzle-orm';
import { memberships } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { getDb, type Db } from './database.server';
import { logSecurityEvent } from './security-log.server';

/**
 * Who may manage a project (import sources, change its rules): its coordinators, and coordinators of every
 * project. Read from the database on every request, never from the session. (Roles per language: issue 5.)
 */
export function isProjectCoordinator(userId: number, projectId: number, db: Db = getDb()): boolean {
  return !!db.select({ id: memberships.id }).from(memberships).where(and(
    eq(memberships.userId, userId), eq(memberships.role, 'coordinator'),
    or(isNull(memberships.projectId), eq(memberships.projectId, projectId)),
  )).get();
}

export function requireProjectCoordinator(request: Request, userId: number, projectId: number): void {
  if (isProjectCoordinator(userId, projectId)) return;
  logSecurityEvent({ kind: 'permission_refused', request, userId, details: { need: 'coordinator', projectId } });
  throw new AppError('forbidden', 403, 'only a coordinator of this project may do this', { need: 'coordinator' });
}
