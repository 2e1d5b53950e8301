import fs from 'node:fs';
import path from 'node:path';
import { databasePath, getDb } from '~/services/database.server';
import { EXIT, parseOptions, printJson, refuse } from '../io';

/**
 * `backup FILE`: SQLite's online backup API, consistent while the server keeps writing. A plain copy of a
 * WAL database can miss everything still in the -wal file (security.md R-08).
 */
export async function backupCommand(args: string[]): Promise<number> {
  const { positionals } = parseOptions(args, {}, 1);
  const target = path.resolve(positionals[0]);
  if (target === path.resolve(databasePath())) return refuse('backup: the backup file cannot be the database itself');
  if (fs.existsSync(target)) return refuse(`backup: ${target} exists already; choose a new file name`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const started = Date.now();
  const result = await getDb().$client.backup(target);
  printJson({ file: target, bytes: fs.statSync(target).size, pages: result.totalPages, ms: Date.now() - started });
  return EXIT.ok;
}
