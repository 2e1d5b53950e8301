import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * The project's root directory, found from this file wherever it runs from: `db/` under tsx and vitest,
 * `build/` once Remix has bundled it. Migrations and seed sources are read from here.
 */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'db', 'migrations', 'meta', '_journal.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the project root (db/migrations) above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/**
 * Opens (creating if missing) and migrates the SQLite file. WAL lets readers work while one writer
 * commits; `synchronous=FULL` because a committed save must survive a power cut (a reviewer must never
 * lose a word); better-sqlite3 would otherwise quietly use NORMAL on an existing WAL file (STACK.md).
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: path.join(projectRoot(), 'db', 'migrations') });
  return db;
}
