import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect } from 'vitest';
import { writeTmx } from '~/domain/exchange/tmx';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { applyXliffImport, exportXliff, previewXliffImport } from '~/services/exchange.server';
import { catToolsAvailable, itWithTool, omegatRoundTrip } from '../support/cat-tools';
import { dumpTables, freshDb } from '../support/db';
import { validateXliff12 } from '../support/xml-validate';

/**
 * The OmegaT round trip with the real tool (OmegaT 3.6, headless console-translate): export the French
 * letter as XLIFF 1.2, let OmegaT fill targets from a TMX in tm/auto/ (exact matches only), import OmegaT's file.
 * Every unit OmegaT translated comes back as a revision; the rest stay as they were; a second export carries them
 * and is still schema-valid.
 */

const tools = await catToolsAvailable();
const letter = { project: 'itu-2012', document: 'sign-on-letter', lang: 'fr' };
let db: Db;

beforeAll(() => {
  db = freshDb();
});

describe('OmegaT 3.6 round trip of the French letter', () => {
  itWithTool(tools, 'omegat', 'OmegaT fills targets from a TMX; the import takes exactly those, as xliff-import revisions', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omegat-'));
    const exported = path.join(dir, 'letter.fr.xlf');
    const back = path.join(dir, 'letter.fr.omegat.xlf');
    const memory = path.join(dir, 'memory.en-fr.tmx');
    fs.writeFileSync(exported, exportXliff({ ...letter, xliff: '1.2', viewer: null }, db).body);

    // A memory with French for some segments: plain ones, and ones with inline codes (their TMX codes are written
    // so OmegaT matches them against our <g>/<x/>).
    const segments = loadEditor({ ...letter, viewer: null }, db).segments.filter((s) => s.translatable);
    const plain = segments.filter((s) => s.codes.length === 0).slice(0, 8);
    const coded = segments.filter((s) => s.codes.length > 0).slice(0, 2);
    const chosen = [...plain, ...coded];
    const french = (text: string, i: number) => `[fr ${i}] ${text}`;
    fs.writeFileSync(memory, writeTmx({
      sourceLang: 'en', targetLang: 'fr', tool: { name: 'test', version: '1' },
      units: chosen.map((s, i) => ({ source: s.placeholderText, target: french(s.placeholderText, i), codes: s.codes })),
    }));

    const run = await omegatRoundTrip(exported, memory, back);
    expect(run.units).toBe(segments.length);
    // Plain sentences and sentences with codes all match: the TMX codes map to the same OmegaT tags as our <g>/<x/>.
    expect(run.changed).toBe(chosen.length);

    const revisions = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM revisions WHERE origin = 'xliff-import'`)!.n;
    const bytes = new Uint8Array(fs.readFileSync(back));
    const preview = previewXliffImport({ bytes, fileName: 'letter.fr.omegat.xlf', userId: null }, db);
    expect(preview.counts).toMatchObject({ changed: run.changed, conflicts: 0, skipped: 0, total: segments.length });
    const result = applyXliffImport({ bytes, fileName: 'letter.fr.omegat.xlf', userId: null }, db);
    expect(result.changed).toBe(run.changed);
    expect(revisions()).toBe(run.changed);

    const after = new Map(loadEditor({ ...letter, viewer: null }, db).segments.map((s) => [s.key, s]));
    for (const [i, s] of chosen.entries()) {
      const target = after.get(s.key)!.target;
      expect(target).toMatchObject({ text: french(s.placeholderText, i), state: 'translated', version: 1 });
    }
    const untouched = segments.filter((s) => !chosen.includes(s));
    for (const s of untouched) expect(after.get(s.key)!.target).toBeNull();

    // The second export carries OmegaT's work and is still valid; importing OmegaT's file again changes nothing.
    const second = exportXliff({ ...letter, xliff: '1.2', viewer: null }, db).body;
    expect((await validateXliff12([{ name: 'second.xlf', xml: second }]))[0]).toMatchObject({ valid: true });
    for (const [i, s] of plain.entries()) expect(second).toContain(`<target state="translated">${french(s.placeholderText, i).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</target>`);
    expect((await validateXliff12([{ name: 'omegat.xlf', xml: fs.readFileSync(back, 'utf8') }]))[0]).toMatchObject({ valid: true });
    const before = dumpTables(db);
    expect(applyXliffImport({ bytes, fileName: 'again.xlf', userId: null }, db).changed).toBe(0);
    expect(dumpTables(db)).toBe(before);
  }, 240_000);
});
