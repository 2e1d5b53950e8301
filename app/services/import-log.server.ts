import { createHash } from 'node:crypto';
import { importLog } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { getDb, type Db } from './database.server';

export type ImportKind = (typeof importLog.$inferInsert)['kind'];
export type ImportStatus = (typeof importLog.$inferInsert)['status'];

export interface ImportLogEntry {
  projectId: number | null;
  kind: ImportKind;
  fileName: string;
  bytes: Uint8Array;
  status: ImportStatus;
  userId: number | null;
  /** Counts for an applied or previewed file. */
  details?: Record<string, unknown>;
}

/** Writes one audit row for a file, outside any import transaction (so a refused import leaves this row only). */
export function logImport(entry: ImportLogEntry & { error?: AppError }, db: Db = getDb()): number {
  const row = db.insert(importLog).values({
    projectId: entry.projectId,
    kind: entry.kind,
    fileName: entry.fileName.slice(0, 255),
    sha256: createHash('sha256').update(entry.bytes).digest('hex'),
    size: entry.bytes.byteLength,
    status: entry.error ? 'rejected' : entry.status,
    code: entry.error?.code ?? null,
    details: JSON.stringify(entry.error ? { message: entry.error.message, ...entry.error.details } : entry.details ?? {}),
    userId: entry.userId,
  }).returning({ id: importLog.id }).get();
  return row.id;
}

/**
 * Runs an import step; a refusal (AppError) is logged as `rejected` with its code and details, then rethrown
 * unchanged. Anything else is a bug and propagates as it is.
 */
export async function auditedImport<T>(entry: Omit<ImportLogEntry, 'status'>, work: () => Promise<T> | T, db: Db = getDb()): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) logImport({ ...entry, status: 'rejected', error }, db);
    throw error;
  }
}
