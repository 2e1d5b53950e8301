import { openDatabase, type Db } from '../../db/connection';
import { AppError } from '~/domain/errors';
import { seedDefaultProject } from './seed.server';

export type { Db };

/** `DATABASE_PATH` (DESIGN.md "Environment"), relative to the working directory. */
export function databasePath(): string {
  return process.env.DATABASE_PATH || 'data/workbench.sqlite';
}

// One connection per process, kept across dev rebuilds (STACK.md); tests may open others with openSeeded.
const cache = globalThis as typeof globalThis & { __workbenchDb?: { file: string; db: Db } };

/** The database of this process: created, migrated and seeded on first use, whichever entry point comes first. */
export function getDb(): Db {
  const file = databasePath();
  if (cache.__workbenchDb?.file !== file) {
    cache.__workbenchDb?.db.$client.close();
    cache.__workbenchDb = { file, db: openSeeded(file) };
  }
  return cache.__workbenchDb.db;
}

export function closeDb(): void {
  cache.__workbenchDb?.db.$client.close();
  cache.__workbenchDb = undefined;
}

export function openSeeded(file: string): Db {
  const db = openDatabase(file);
  seedDefaultProject(db);
  return db;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type WriteTx = Tx;

/**
 * Every write goes through here: one IMMEDIATE transaction (DEFERRED lets SQLITE_BUSY escape when a read
 * turns into a write under contention, STACK.md). A database still busy after the busy timeout answers
 * 503 `busy` rather than 500.
 */
export function inWriteTransaction<T>(db: Db, work: (tx: Tx) => T): T {
  try {
    return db.transaction(work, { behavior: 'immediate' });
  } catch (error) {
    if (isBusy(error)) throw new AppError('busy', 503, 'the database is busy; try again in a moment', { retryAfter: 1 });
    throw error;
  }
}

function isBusy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error &&
    (String((error as { code: unknown }).code).startsWith('SQLITE_BUSY') || (error as { code: unknown }).code === 'SQLITE_LOCKED');
}
