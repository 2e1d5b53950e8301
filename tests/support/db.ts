import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openSeeded, type Db } from '~/services/database.server';

/** A new, migrated and seeded SQLite file in a temporary directory: real files, never a mock. */
export function freshDatabaseFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbench-test-'));
  return path.join(dir, 'workbench.sqlite');
}

export function freshDb(): Db {
  return openSeeded(freshDatabaseFile());
}

const TABLES = [
  'users', 'sessions', 'memberships', 'projects', 'project_languages', 'documents', 'source_versions', 'source_blocks',
  'segments', 'source_segments', 'translations', 'revisions', 'invitations', 'suggestions', 'votes', 'comments', 'pending_imports', 'memory_units',
];

/**
 * Every row of every user-data table, for "this refused request changed nothing" (the security log is left
 * out on purpose: a refusal is supposed to add a row there).
 */
export function dumpTables(db: Db): string {
  return TABLES.map((table) => `${table}:${JSON.stringify(db.all(sql.raw(`SELECT * FROM ${table} ORDER BY rowid`)))}`).join('\n');
}
