import { eq } from 'drizzle-orm';
import { projects } from '../../db/schema';
import { getDb, inWriteTransaction, type Db } from './database.server';
import { requireProject } from './imports.server';
import { authorize } from './permissions.server';

/** The review policy of a project, which its coordinators set (issue 5: "Project setting", "Policy setting"). */
export interface ReviewPolicy {
  /** Translators save their own translations; when false they only suggest and reviewers decide. */
  translatorsMaySave: boolean;
  /** Nobody approves a translation they wrote (default on). */
  noSelfApproval: boolean;
  /** Publishing with segments not approved: refuse (default), or show the English in their place, marked. */
  publishFallback: 'refuse' | 'source';
  /** Metadata lines of the source appear in publications. */
  publishMetadata: boolean;
}

export function loadProjectSettings(input: { actor: number; project: string }, db: Db = getDb()) {
  const project = requireProject(input.project, db);
  authorize(input.actor, 'manage', project, null, db);
  return {
    project: { slug: project.slug, title: project.title },
    policy: { translatorsMaySave: project.translatorsMaySave, noSelfApproval: project.noSelfApproval, publishFallback: project.publishFallback, publishMetadata: project.publishMetadata } satisfies ReviewPolicy,
  };
}

/** Changes take effect at the next request of everyone concerned: permissions read the project on each one. */
export function updateReviewPolicy(input: { actor: number; project: string; policy: ReviewPolicy }, db: Db = getDb()): void {
  const project = requireProject(input.project, db);
  authorize(input.actor, 'manage', project, null, db);
  inWriteTransaction(db, (tx) => tx.update(projects).set(input.policy).where(eq(projects.id, project.id)).run());
}
