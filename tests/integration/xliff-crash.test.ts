import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { freshDatabaseFile } from '../support/db';

/**
 * security.md XL-17: a valid file, and the process killed with SIGKILL in the middle of its import. After a
 * restart none of the file's changes is visible, the database is intact, and the same import then succeeds.
 * The import is one transaction, so there is no half to see; this test shows it with a real process and a real kill.
 */

const bin = path.resolve('app/cli/bin.js');

function workbench(databasePath: string, args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_PATH: databasePath }, timeout: 120_000 });
  if (run.status !== 0) throw new Error(`workbench ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/**
 * Runs the import and kills it as soon as it reports half of its units written (inside its transaction; the
 * command prints `writing N/TOTAL` to stderr every 500 units). Resolves with how it ended and what it had said.
 */
function importKilledHalfway(databasePath: string, file: string): Promise<{ signal: NodeJS.Signals | null; said: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, 'import-xliff', file, '--yes'], { env: { ...process.env, DATABASE_PATH: databasePath } });
    let said = '';
    child.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (/writing 2000\/4000/.test(said)) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => resolve({ signal, said }));
  });
}

const imported = (databasePath: string) => {
  const db = new Database(databasePath);
  try {
    return {
      revisions: (db.prepare("SELECT count(*) AS n FROM revisions WHERE origin = 'xliff-import'").get() as { n: number }).n,
      translations: (db.prepare("SELECT count(*) AS n FROM translations WHERE lang = 'fr'").get() as { n: number }).n,
      integrity: (db.pragma('integrity_check') as { integrity_check: string }[])[0].integrity_check,
    };
  } finally {
    db.close();
  }
};

describe('XL-17: kill -9 during an import', () => {
  it('leaves none of the file\'s changes, an intact database, and the same import succeeds afterwards', async () => {
    const databasePath = freshDatabaseFile();
    const dir = path.dirname(databasePath);
    const source = path.join(dir, 'long.txt');
    fs.writeFileSync(source, Array.from({ length: 4000 }, (_, i) => `Paragraph ${i + 1} says the ITU should not govern the Internet, item ${i + 1}.`).join('\n\n'));
    workbench(databasePath, ['import', source, '--project', 'itu-2012', '--document', 'long', '--yes']);
    const exported = workbench(databasePath, ['export', 'xliff', '--project', 'itu-2012', '--document', 'long', '--lang', 'fr', '--xliff', '1.2']);
    const translated = exported.replace(/<source>([^<]*)<\/source>/g, (_, text: string) => `<source>${text}</source><target state="translated">FR ${text}</target>`);
    const units = (translated.match(/<trans-unit /g) ?? []).length;
    expect(units).toBe(4000);
    const file = path.join(dir, 'long.fr.xlf');
    fs.writeFileSync(file, translated);

    const end = await importKilledHalfway(databasePath, file);
    expect(end.said).toContain('writing 2000/4000');
    expect(end.said).not.toContain('writing 3500/4000');
    expect(end.signal).toBe('SIGKILL');
    expect(imported(databasePath)).toMatchObject({ revisions: 0, translations: 0, integrity: 'ok' });
    const again = JSON.parse(workbench(databasePath, ['import-xliff', file, '--yes'])) as { changed: number };
    expect(again.changed).toBe(4000);
    expect(imported(databasePath)).toMatchObject({ revisions: 4000, translations: 4000, integrity: 'ok' });
  }, 180_000);
});
