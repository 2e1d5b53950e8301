import { and, desc, eq } from 'drizzle-orm';
import { publications, sourceVersions, users } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { languageInfo } from '~/domain/languages';
import { getDb, inWriteTransaction, type Db } from './database.server';
import type { Actor } from './permissions.server';
import { publicationPlan, publishingPlace } from './publishing.server';

/**
 * The coordinator's publish page of one document × language: what publishing now would give (how many sentences
 * are approved, which are not and what stands in for them), and the publications made so far, which can be hidden
 * (unpublished) and shown again but never changed or deleted.
 */
export function publishPage(input: { project: string; document: string; lang: string; viewer: number }, db: Db = getDb()) {
  const { plan, fallback, project, document } = publicationPlan(input, db);
  const missing = plan.snapshot.blocks.flatMap((b) => b.sentences.filter((s) => s.fallback)).map((s) => ({ key: s.key, source: s.text, codes: s.codes }));
  const made = db.select({
    number: publications.number, createdAt: publications.createdAt, hiddenAt: publications.hiddenAt, approved: publications.approved,
    fallback: publications.fallback, by: users.name, sourceVersion: sourceVersions.number,
  }).from(publications)
    .leftJoin(users, eq(users.id, publications.createdBy))
    .innerJoin(sourceVersions, eq(sourceVersions.id, publications.sourceVersionId))
    .where(and(eq(publications.documentId, document.id), eq(publications.lang, input.lang)))
    .orderBy(desc(publications.number)).all();
  return {
    project: { slug: project.slug, title: project.title },
    document: { slug: document.slug, title: document.title },
    lang: languageInfo(input.lang),
    sourceLang: languageInfo(project.sourceLang),
    fallback,
    approved: plan.approved,
    missing,
    canPublish: plan.approved > 0 && (missing.length === 0 || fallback === 'source'),
    publications: made,
    publicUrl: `/read/${project.slug}/${document.slug}/${input.lang}`,
  };
}

/** Hides a publication (unpublishing) or shows it again; the row and its text stay as they were. */
export function setPublicationHidden(input: { project: string; document: string; lang: string; number: number; hidden: boolean; actor: Actor }, db: Db = getDb()) {
  const { document } = publishingPlace({ ...input, viewer: input.actor }, db);
  inWriteTransaction(db, (tx) => {
    const changed = tx.update(publications)
      .set(input.hidden ? { hiddenAt: Date.now(), hiddenBy: input.actor } : { hiddenAt: null, hiddenBy: null })
      .where(and(eq(publications.documentId, document.id), eq(publications.lang, input.lang), eq(publications.number, input.number))).run();
    if (changed.changes === 0) throw new AppError('not_found', 404, 'no such publication', { number: input.number });
  });
}
