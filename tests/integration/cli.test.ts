import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { freshDatabaseFile } from '../support/db';
import { fixturesDir, readGold, score } from '../support/gold';

/** Runs `workbench` as a script would: a separate process, JSON on stdout, messages on stderr. */
function workbench(args: string[], options: { databasePath?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [path.resolve('app/cli/bin.js'), ...args], {
    encoding: 'utf8',
    input: options.input ?? '',
    env: { ...process.env, DATABASE_PATH: options.databasePath ?? freshDatabaseFile() },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('workbench segment', () => {
  for (const [name, file] of [['sign-on-letter', 'sign-on-letter.txt'], ['key-messages', 'key-messages.md']]) {
    it(`${name}: prints the segments as JSON, scoring boundary F1 >= 0.98 against the gold`, () => {
      const { gold, sourceText } = readGold(name);
      const run = workbench(['segment', path.join(fixturesDir, 'gold', 'sources', file)]);
      expect(run.status).toBe(0);
      const segments = JSON.parse(run.stdout) as { text: string; kind: string }[];
      expect(segments[0]).toMatchObject({ text: expect.any(String), kind: expect.any(String) });
      expect(score(gold, segments, sourceText).f1).toBeGreaterThanOrEqual(0.98);
    });
  }

  it('takes the type from --type when the name does not say it (seed 000 is Markdown in a .txt)', () => {
    const seed = path.resolve('db', 'seed', '000_02fdbd9add7a445b.txt');
    const asMarkdown = JSON.parse(workbench(['segment', seed, '--type', 'text/markdown']).stdout) as { kind: string }[];
    expect(asMarkdown.filter((s) => s.kind === 'non-translatable')).toHaveLength(17);
  });

  it('refuses a file that is not UTF-8 with its byte offset (exit 1), and a bad call with usage (exit 2)', () => {
    const dir = fs.mkdtempSync(path.join(path.dirname(freshDatabaseFile()), 'bytes-'));
    const broken = path.join(dir, 'broken.txt');
    fs.writeFileSync(broken, Buffer.concat([Buffer.from('Line one\nLine tw'), Buffer.from([0xc3, 0x28]), Buffer.from('o\n')]));
    const refused = workbench(['segment', broken]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('not valid UTF-8 at byte offset 16 (line 2)');
    expect(workbench(['segment']).status).toBe(2);
    expect(workbench(['segment', broken, '--type', 'application/pdf']).status).toBe(2);
    expect(workbench(['no-such-command']).status).toBe(2);
    for (const command of [['segment'], ['import-xliff'], ['import-tmx', '--project', 'itu-2012']]) {
      const missing = workbench([...command.slice(0, 1), path.join(dir, 'missing.txt'), ...command.slice(1)]);
      expect({ command: command[0], status: missing.status, stderr: missing.stderr }).toEqual({
        command: command[0], status: 1, stderr: `workbench ${command[0]}: ${path.join(dir, 'missing.txt')}: no such file\n` });
    }
  });
});

describe('workbench create-user and backup', () => {
  it('creates an account with a password from stdin, or generates one and prints it once', () => {
    const databasePath = freshDatabaseFile();
    const fromStdin = workbench(['create-user', '--email', 'Coord@Example.org', '--role', 'coordinator'], { databasePath, input: 'a long passphrase\n' });
    expect(fromStdin.status).toBe(0);
    expect(JSON.parse(fromStdin.stdout)).toEqual({ id: 1, email: 'coord@example.org', name: 'coord', role: 'coordinator' });
    const generated = workbench(['create-user', '--email', 'tr@example.org', '--role', 'translator', '--name', 'Tran'], { databasePath });
    const answer = JSON.parse(generated.stdout);
    expect(answer.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(workbench(['create-user', '--email', 'tr@example.org', '--role', 'translator'], { databasePath }).status).toBe(1);
    expect(workbench(['create-user', '--email', 'x@example.org', '--role', 'king'], { databasePath }).status).toBe(2);
    expect(workbench(['create-user', '--email', 'short@example.org', '--role', 'translator'], { databasePath, input: 'short\n' }).status).toBe(1);

    // Passwords are argon2id PHC strings with OWASP's parameters and a salt of their own.
    const db = new Database(databasePath, { readonly: true });
    const hashes = db.prepare('SELECT password_hash AS h FROM users ORDER BY id').all() as { h: string }[];
    db.close();
    expect(hashes).toHaveLength(2);
    for (const { h } of hashes) expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(hashes[0].h.split('$')[4]).not.toBe(hashes[1].h.split('$')[4]);
  });

  it('creates, migrates and seeds a missing database on first use, and backs it up online', () => {
    const databasePath = freshDatabaseFile();
    expect(fs.existsSync(databasePath)).toBe(false);
    const target = path.join(path.dirname(databasePath), 'backup', 'copy.sqlite');
    const run = workbench(['backup', target], { databasePath });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ file: target, bytes: expect.any(Number) });
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM source_segments').get()).toEqual({ n: 141 });
    expect(copy.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    copy.close();
    expect(workbench(['backup', target], { databasePath }).status).toBe(1); // never overwrites a file
  });
});
