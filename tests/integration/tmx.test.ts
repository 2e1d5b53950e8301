import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exportTmxCommand } from '~/cli/commands/export-tmx';
import { AppError } from '~/domain/errors';
import { readTmx } from '~/domain/exchange/tmx';
import { closeDb, inWriteTransaction, type Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { exportTmx, importTmx, MAX_TMX_BYTES, projectLanguageFor } from '~/services/memory.server';
import { createProject } from '~/services/projects.server';
import { approveTranslation } from '~/services/review.server';
import { saveTranslation } from '~/services/translations.server';
import { dumpTables, freshDatabaseFile, freshDb } from '../support/db';
import { addMember } from '../support/members';

const FIXTURES = path.resolve('tests/fixtures/tmx');
const DTD = path.resolve('tests/fixtures/schemas/tmx/tmx14.dtd');
const memoryFile = fs.readFileSync(path.join(FIXTURES, 'itu-memory.tmx'));
const project = 'itu-2012';

let db: Db;
beforeEach(() => {
  db = freshDb();
});

async function refusal(work: () => Promise<unknown>): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const memoryRows = () => db.all<{ target_lang: string; source_lang: string; source: string; target: string }>(
  sql`SELECT source_lang, target_lang, source, target FROM memory_units ORDER BY id`);
const importLogRows = () => db.all<{ kind: string; status: string; code: string | null; details: string; file_name: string; project_id: number | null }>(
  sql`SELECT kind, status, code, details, file_name, project_id FROM import_log ORDER BY id`);

/** A coordinator of another project only (security.md's `coord2`). */
function otherCoordinator() {
  const other = inWriteTransaction(db, (tx) => createProject(tx, { slug: 'other-campaign', title: 'Another campaign', sourceLang: 'en', targets: ['es'] }));
  return addMember(db, 'coord2', [{ role: 'coordinator', lang: null, projectId: other.id }]);
}

/** Runs `workbench` as a script would: a separate process, JSON on stdout, messages on stderr. */
function workbench(args: string[], databasePath: string) {
  const result = spawnSync(process.execPath, [path.resolve('app/cli/bin.js'), ...args], {
    encoding: 'utf8', env: { ...process.env, DATABASE_PATH: databasePath }, timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('TMX import into the memory', () => {
  it('adds the pairs for the project languages, maps regional tags and counts the rest', async () => {
    const result = await importTmx({ project, fileName: 'itu-memory.tmx', bytes: memoryFile, userId: null }, db);
    expect(result).toEqual({ units: 5, added: 6, duplicates: 1, empty: 0, languages: { es: 3, fr: 2, 'zh-Hans': 1 }, skipped: { 'de-DE': 2 } });
    expect(memoryRows()).toEqual([
      { source_lang: 'en', target_lang: 'es', source: 'Sign the letter {1}here{/1}.', target: 'Firme la carta {1}aquí{/1}.' },
      { source_lang: 'en', target_lang: 'fr', source: 'Sign the letter {1}here{/1}.', target: 'Signez la lettre {1}ici{/1}.' },
      { source_lang: 'en', target_lang: 'es', source: 'Write to {1/} or call {2/}.', target: 'Llame al {2/} o escriba a {1/}.' },
      { source_lang: 'en', target_lang: 'zh-Hans', source: 'Write to {1/} or call {2/}.', target: '请写信至{1/}或致电{2/}。' },
      { source_lang: 'en', target_lang: 'es', source: 'Tom & Jerry say "no" to <censorship>.', target: 'Tom & Jerry dicen «no» a la <censura>.' },
      { source_lang: 'en', target_lang: 'fr', source: 'The Internet belongs to everyone.', target: 'Internet appartient à tout le monde.' },
    ]);
    const [log] = importLogRows();
    expect(log).toMatchObject({ kind: 'tmx', status: 'applied', code: null, file_name: 'itu-memory.tmx', project_id: 1 });
    expect(JSON.parse(log.details)).toEqual(result);
  });

  it('a second import of the same file adds nothing: every pair is a duplicate', async () => {
    await importTmx({ project, fileName: 'itu-memory.tmx', bytes: memoryFile, userId: null }, db);
    const again = await importTmx({ project, fileName: 'itu-memory.tmx', bytes: memoryFile, userId: null }, db);
    expect(again).toMatchObject({ added: 0, duplicates: 7, languages: { es: 0, fr: 0, 'zh-Hans': 0 } });
    expect(memoryRows()).toHaveLength(6);
    expect(importLogRows().map((r) => r.status)).toEqual(['applied', 'applied']);
  });

  const text = memoryFile.toString('utf8');
  const broken: [string, () => Uint8Array, Record<string, unknown>][] = [
    // Line 19 is the Spanish variant of unit 3 (line 17): the units before it are valid and must not be written either.
    ['a <tu> with one <tuv>', () => Buffer.from(text.split('\n').filter((_, i) => i !== 18).join('\n')),
      { code: 'invalid_tmx', status: 422, details: { line: 17, reason: 'a <tu> needs at least two <tuv> (a source and a translation); this one has 1' } }],
    ['a DOCTYPE declaring an entity', () => Buffer.from(text.replace('<tmx version', '<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n<tmx version')),
      { code: 'doctype_not_allowed', status: 422, details: { line: 2 } }],
    ['a UTF-16 file', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace('UTF-8', 'UTF-16'), 'utf16le')]),
      { code: 'unsupported_encoding', status: 415, details: { encoding: 'UTF-16LE' } }],
    ['an <ept> without its <bpt>', () => Buffer.from(text.replace('<bpt i="1" x="1" type="link">&lt;a href="/sign"&gt;</bpt>ici', 'ici')),
      { code: 'invalid_tmx', details: { line: 9, reason: 'an <ept i="1"> has no <bpt i="1"> before it' } }],
    ['another source language', () => Buffer.from(text.replaceAll('en-US', 'pt-BR')),
      { code: 'source_language_mismatch', details: { expected: 'en', found: 'pt-BR' } }],
    ['an XLIFF file', () => Buffer.from('<?xml version="1.0"?>\n<xliff version="1.2"/>'),
      { code: 'not_tmx', details: { reason: 'its root element is <xliff>, not <tmx>' } }],
    ['a file over the limit', () => Buffer.alloc(MAX_TMX_BYTES + 1, 0x20),
      { code: 'payload_too_large', status: 413 }],
  ];
  for (const [what, bytes, expected] of broken) {
    it(`refuses ${what}, changes nothing and logs one rejected import`, async () => {
      await importTmx({ project, fileName: 'first.tmx', bytes: memoryFile, userId: null }, db);
      const before = { tables: dumpTables(db), memory: memoryRows() };
      const error = await refusal(() => importTmx({ project, fileName: 'broken.tmx', bytes: bytes(), userId: null }, db));
      expect(error).toMatchObject(expected);
      expect({ tables: dumpTables(db), memory: memoryRows() }).toEqual(before);
      const logs = importLogRows();
      expect(logs).toHaveLength(2);
      expect(logs[1]).toMatchObject({ kind: 'tmx', status: 'rejected', code: expected.code, file_name: 'broken.tmx', project_id: 1 });
      expect(JSON.parse(logs[1].details)).toMatchObject(expected.details ?? {});
    });
  }

  it('only a coordinator of the project imports; someone from another project is told it does not exist', async () => {
    const reviewer = await addMember(db, 'rv_es', [{ role: 'reviewer', lang: 'es' }]);
    const outsider = await otherCoordinator();
    const coordinator = await addMember(db, 'coord', [{ role: 'coordinator', lang: null }]);
    expect(await refusal(() => importTmx({ project, fileName: 'm.tmx', bytes: memoryFile, userId: reviewer.id }, db))).toMatchObject({ status: 403, code: 'forbidden' });
    expect(await refusal(() => importTmx({ project, fileName: 'm.tmx', bytes: memoryFile, userId: outsider.id }, db))).toMatchObject({ status: 404, code: 'not_found' });
    expect(memoryRows()).toHaveLength(0);
    expect(await importTmx({ project, fileName: 'm.tmx', bytes: memoryFile, userId: coordinator.id }, db)).toMatchObject({ added: 6 });
  });

  it('matches file languages to the project: exact, any case, by region, by the script a Chinese region implies', () => {
    const targets = ['es', 'th', 'ur', 'bn', 'zh-Hans', 'fr'];
    const found = ['es', 'ES', 'es-419', 'fr-FR', 'zh-Hans-CN', 'zh-CN', 'zh-SG', 'zh-TW', 'de', 'en-US'].map((t) => projectLanguageFor(t, targets));
    expect(found).toEqual(['es', 'es', 'es', 'fr', 'zh-Hans', 'zh-Hans', 'zh-Hans', null, null, null]);
    expect(projectLanguageFor('pt-BR', ['pt', 'pt-BR'])).toBe('pt-BR');
  });
});

describe('TMX export of the memory', () => {
  const es = { project, document: 'key-messages', lang: 'es' };

  /** Translates and approves the first segment with inline codes and one without; returns what was approved. */
  async function approveTwo() {
    const reviewer = await addMember(db, 'rv_es', [{ role: 'reviewer', lang: 'es' }]);
    const segments = loadEditor({ ...es, viewer: null }, db).segments.filter((s) => s.translatable);
    const withCodes = segments.find((s) => s.codes.some((c) => c.paired))!;
    const plain = segments.find((s) => s.codes.length === 0)!;
    const approved = [
      { segment: withCodes, text: `ES ${withCodes.placeholderText} ]]> & < "` },
      { segment: plain, text: 'Un texto sencillo.' },
    ];
    for (const { segment, text } of approved) {
      saveTranslation({ ...es, segment: segment.key, userId: null, text, baseVersion: 0, needsWork: false }, db);
      approveTranslation({ ...es, segment: segment.key, userId: reviewer.id, version: 1 }, db);
    }
    // A translation that is not approved stays out.
    const other = segments.find((s) => s !== withCodes && s !== plain && s.codes.length === 0)!;
    saveTranslation({ ...es, segment: other.key, userId: null, text: 'Sin aprobar.', baseVersion: 0, needsWork: false }, db);
    // The file follows the document's order.
    return approved.sort((a, b) => a.segment.position - b.segment.position).map(({ segment, text }) => ({ source: segment.placeholderText, target: text }));
  }

  function dtdValid(xml: string): { status: number | null; stderr: string } {
    const file = path.join(path.dirname(freshDatabaseFile()), 'export.tmx');
    fs.writeFileSync(file, xml);
    const run = spawnSync('/usr/bin/xmllint', ['--noout', '--nonet', '--dtdvalid', DTD, file], { encoding: 'utf8' });
    return { status: run.status, stderr: run.stderr };
  }

  it('holds the approved translations with their codes, is DTD-valid, and reads back the same', async () => {
    const approved = await approveTwo();
    const file = exportTmx({ project, lang: 'es', viewer: null }, db);
    expect(file.fileName).toBe('itu-2012-es-memory.tmx');
    expect(file.units).toBe(2);
    expect(file.xml).toContain('<bpt i="1"');
    expect(file.xml).not.toContain('Sin aprobar');
    expect(dtdValid(file.xml)).toEqual({ status: 0, stderr: '' });
    const read = readTmx(file.xml);
    expect(read.units.map((u) => ({ source: u.variants.get('en'), target: u.variants.get('es') }))).toEqual(approved);
    expect(exportTmx({ project, lang: 'es', viewer: null }, db).xml).toBe(file.xml);
  });

  it('adds the imported pairs when asked, and an export imports back as duplicates only', async () => {
    await approveTwo();
    await importTmx({ project, fileName: 'itu-memory.tmx', bytes: memoryFile, userId: null }, db);
    expect(exportTmx({ project, lang: 'es', viewer: null }, db).units).toBe(2);
    const all = exportTmx({ project, lang: 'es', viewer: null, includeImported: true }, db);
    expect(all.units).toBe(5);
    expect(dtdValid(all.xml).status).toBe(0);
    const back = await importTmx({ project, fileName: all.fileName, bytes: Buffer.from(all.xml), userId: null }, db);
    expect(back).toMatchObject({ units: 5, added: 2, duplicates: 3 });
    const again = await importTmx({ project, fileName: all.fileName, bytes: Buffer.from(all.xml), userId: null }, db);
    expect(again).toMatchObject({ added: 0, duplicates: 5 });
  });

  it('is for people who may export that language (security.md EX-02)', async () => {
    const rvTh = await addMember(db, 'rv_th', [{ role: 'reviewer', lang: 'th' }]);
    const trEs = await addMember(db, 'tr_es', [{ role: 'translator', lang: 'es' }]);
    const outsider = await otherCoordinator();
    const rvEs = await addMember(db, 'rv_es2', [{ role: 'reviewer', lang: 'es' }]);
    expect(() => exportTmx({ project, lang: 'es', viewer: rvTh.id }, db)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => exportTmx({ project, lang: 'es', viewer: trEs.id }, db)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => exportTmx({ project, lang: 'es', viewer: outsider.id }, db)).toThrow(expect.objectContaining({ status: 404, code: 'not_found' }));
    expect(() => exportTmx({ project, lang: 'de', viewer: null }, db)).toThrow(expect.objectContaining({ status: 404, details: { project, lang: 'de' } }));
    expect(exportTmx({ project, lang: 'es', viewer: rvEs.id }, db).units).toBe(0);
  });
});

describe('the command line', () => {
  afterEach(() => {
    closeDb();
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('import-tmx prints the counts as JSON; a broken file exits 1 with the error on stderr and writes nothing', () => {
    const databasePath = freshDatabaseFile();
    const ok = workbench(['import-tmx', path.join(FIXTURES, 'itu-memory.tmx'), '--project', project], databasePath);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ units: 5, added: 6, skipped: { 'de-DE': 2 } });

    const brokenFile = path.join(path.dirname(databasePath), 'broken.tmx');
    fs.writeFileSync(brokenFile, memoryFile.toString('utf8').split('\n').filter((_, i) => i !== 18).join('\n'));
    const refused = workbench(['import-tmx', brokenFile, '--project', project], databasePath);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('the TMX file is not valid at line 17: a <tu> needs at least two <tuv>');
    expect(refused.stderr).toContain('(invalid_tmx)');
    const after = new Database(databasePath, { readonly: true });
    expect(after.prepare('SELECT count(*) AS n FROM memory_units').get()).toEqual({ n: 6 });
    expect(after.prepare('SELECT status, code FROM import_log ORDER BY id').all()).toEqual([{ status: 'applied', code: null }, { status: 'rejected', code: 'invalid_tmx' }]);
    after.close();
    expect(workbench(['import-tmx', brokenFile], databasePath).status).toBe(2);
  });

  it('export tmx writes the file with -o and says so on stderr', async () => {
    const databasePath = freshDatabaseFile();
    vi.stubEnv('DATABASE_PATH', databasePath);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = path.join(path.dirname(databasePath), 'es.tmx');
    expect(await exportTmxCommand(['--project', project, '--lang', 'es', '-o', out])).toBe(0);
    expect(readTmx(fs.readFileSync(out, 'utf8')).units).toEqual([]);
    expect(String(stderr.mock.calls[0][0])).toMatch(/^wrote .*es\.tmx \(0 units, \d+ bytes\)\n$/);
  });
});
