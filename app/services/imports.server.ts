import { randomBytes } from 'node:crypto';
import { and, asc, eq, lt } from 'drizzle-orm';
import { documents, pendingImports, projects } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { parseSrx, SrxError } from '~/domain/segmentation';
import { checkDocumentSlug } from '~/domain/source-file';
import { getDb, inWriteTransaction, type Db } from './database.server';
import { projectNotFound } from './permissions.server';
import { findProject } from './projects.server';
import { planImport, prepareSource, previewSummary, writeImport } from './sources.server';

/**
 * The web import in two steps: the upload is checked and kept as a pending import (so the coordinator can read
 * the preview and confirm without sending the file again); confirming applies it in one transaction, unless the
 * document got another version in between.
 */

const PENDING_LIFETIME_MS = 24 * 3600 * 1000;

export function requireProject(slug: string, db: Db = getDb()) {
  const project = findProject(db, slug);
  if (!project) throw projectNotFound(slug);
  return project;
}

export function projectDocuments(projectId: number, db: Db = getDb()) {
  return db.select({ slug: documents.slug, title: documents.title }).from(documents)
    .where(eq(documents.projectId, projectId)).orderBy(asc(documents.position)).all();
}

export async function storePendingImport(
  input: { projectSlug: string; documentSlug: string; title: string | null; fileName: string; bytes: Uint8Array; declaredType: string | null; userId: number },
  db: Db = getDb(),
): Promise<string> {
  const project = requireProject(input.projectSlug, db);
  checkDocumentSlug(input.documentSlug);
  // Checked now, so a bad file is refused at upload with its reason, not at confirmation.
  const source = await prepareSource(input.fileName, input.bytes, input.declaredType);
  const plan = planImport(db, { project, documentSlug: input.documentSlug, title: input.title, source });
  const id = randomBytes(12).toString('base64url');
  inWriteTransaction(db, (tx) => {
    tx.delete(pendingImports).where(lt(pendingImports.createdAt, Date.now() - PENDING_LIFETIME_MS)).run();
    tx.insert(pendingImports).values({
      id, projectId: project.id, documentSlug: input.documentSlug, title: input.title, fileName: input.fileName,
      bytes: Buffer.from(input.bytes), baseVersionId: plan.existing?.versionId ?? null, createdBy: input.userId,
    }).run();
  });
  return id;
}

async function pendingPlan(projectSlug: string, id: string, db: Db) {
  const project = requireProject(projectSlug, db);
  const pending = db.select().from(pendingImports).where(and(eq(pendingImports.id, id), eq(pendingImports.projectId, project.id))).get();
  if (!pending) throw new AppError('not_found', 404, 'no such import waiting for confirmation', { import: id });
  const source = await prepareSource(pending.fileName, pending.bytes, null);
  const plan = planImport(db, { project, documentSlug: pending.documentSlug, title: pending.title, source });
  return { pending, plan };
}

export async function previewPendingImport(projectSlug: string, id: string, db: Db = getDb()) {
  const { pending, plan } = await pendingPlan(projectSlug, id, db);
  const stale = (plan.existing?.versionId ?? null) !== pending.baseVersionId;
  return { fileName: pending.fileName, stale, ...previewSummary(plan), items: plan.items };
}

export async function applyPendingImport(projectSlug: string, id: string, userId: number, db: Db = getDb()) {
  const { pending, plan } = await pendingPlan(projectSlug, id, db);
  if ((plan.existing?.versionId ?? null) !== pending.baseVersionId) {
    throw new AppError('source_changed_meanwhile', 409, 'another version of this document was imported after this preview; preview again', { document: pending.documentSlug });
  }
  return inWriteTransaction(db, (tx) => {
    const result = writeImport(tx, plan, userId);
    tx.delete(pendingImports).where(eq(pendingImports.id, id)).run();
    return { ...result, document: plan.documentSlug };
  });
}

export function discardPendingImport(projectSlug: string, id: string, db: Db = getDb()) {
  const project = requireProject(projectSlug, db);
  inWriteTransaction(db, (tx) => tx.delete(pendingImports).where(and(eq(pendingImports.id, id), eq(pendingImports.projectId, project.id))).run());
}

/** A project's own SRX sentence rules (checked as a whole first), or null to go back to the product's rules. */
export function setProjectRules(projectSlug: string, srx: string | null, db: Db = getDb()) {
  const project = requireProject(projectSlug, db);
  if (srx !== null) {
    try {
      const parsed = parseSrx(srx);
      if (parsed.languageMaps.length === 0) throw new SrxError('the file maps no language to its rules (<maprules> is empty)', null);
    } catch (error) {
      if (!(error instanceof SrxError)) throw error;
      throw new AppError('invalid_srx', 422, error.message, { reason: error.message, line: error.line });
    }
  }
  inWriteTransaction(db, (tx) => tx.update(projects).set({ srx }).where(eq(projects.id, project.id)).run());
}
