import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '~/domain/errors';
import type { Db } from '~/services/database.server';
import { readXliff } from '~/domain/exchange/xliff-read';
import { applyXliffImport, exportI18next, exportXliff, previewXliffImport, type XliffVersion } from '~/services/exchange.server';
import { loadEditor } from '~/services/editor.server';
import { approveTranslation } from '~/services/review.server';
import { saveTranslation } from '~/services/translations.server';
import { withoutPlaceholders } from '~/domain/text/placeholders';
import { catToolsAvailable, itWithTool, readWithTranslateToolkit } from '../support/cat-tools';
import { dumpTables, freshDb } from '../support/db';
import { addMember } from '../support/members';
import { validateXliff12, validateXliff20 } from '../support/xml-validate';

/**
 * XLIFF out and back in through our own code, on a real SQLite file: schema validity of every language's export,
 * Translate Toolkit as a peer reader, the byte-identical round trip, conflicts, and security.md E/F on the service
 * (the HTTP side is in exchange-http.test.ts, OmegaT in omegat.test.ts).
 */

const tools = await catToolsAvailable();
const LANGS = ['es', 'th', 'ur', 'bn', 'zh-Hans', 'fr'];
const letter = { project: 'itu-2012', document: 'sign-on-letter' };
let db: Db;
const ids: Record<string, number> = {};
let keys: string[];
/** Translatable segments without inline codes, in order: their targets can be any plain text. */
let plain: string[];
let codedKey: string;

const bytes = (text: string) => new TextEncoder().encode(text);
const exportLetter = (lang: string, xliff: XliffVersion = '1.2') => exportXliff({ ...letter, lang, xliff, viewer: null }, db).body;
const importAs = (text: string | Uint8Array, options: { yes?: boolean; userId?: number | null; overwrite?: 'all' | Set<string>; expect?: { project: string; document?: string; lang?: string } } = {}) => {
  const input = { bytes: typeof text === 'string' ? bytes(text) : text, fileName: 'back.xlf', userId: options.userId ?? null, expect: options.expect };
  return options.yes ? applyXliffImport({ ...input, overwrite: options.overwrite }, db) : previewXliffImport(input, db);
};
const revisionsFromXliff = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM revisions WHERE origin = 'xliff-import'`)!.n;
const rejectedImports = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM import_log WHERE kind = 'xliff' AND status = 'rejected'`)!.n;
const current = (key: string, lang: string) => db.get<{ text: string; state: number; version: number }>(sql`
  SELECT t.text, t.state, t.version FROM translations t JOIN segments s ON s.id = t.segment_id WHERE s.key = ${key} AND t.lang = ${lang}`);

/** The refusal of a file: its AppError, with the database exactly as before and one `rejected` audit row more. */
function refusal(file: string | Uint8Array, options: Parameters<typeof importAs>[1] = {}): AppError {
  const before = dumpTables(db);
  const rejected = rejectedImports();
  let caught: unknown;
  try {
    importAs(file, { yes: true, ...options });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect(dumpTables(db)).toBe(before);
  expect(rejectedImports()).toBe(rejected + 1);
  return caught as AppError;
}

beforeAll(async () => {
  db = freshDb();
  ids.tr = (await addMember(db, 'tr', [{ role: 'translator', lang: null }])).id;
  ids.rv = (await addMember(db, 'rv', [{ role: 'reviewer', lang: null }])).id;
  const segments = loadEditor({ ...letter, lang: 'fr', viewer: null }, db).segments.filter((s) => s.translatable);
  keys = segments.map((s) => s.key);
  const plainSegments = segments.filter((s) => s.codes.length === 0);
  plain = plainSegments.map((s) => s.key);
  codedKey = segments.find((s) => s.codes.length > 0)?.key ?? '';
  // Every language gets translated, approved and needs-work segments, so every state is exported.
  for (const lang of LANGS) {
    for (const [i, key] of plain.slice(0, 6).entries()) {
      const source = plainSegments[i].placeholderText;
      const saved = saveTranslation({ ...letter, lang, segment: key, userId: ids.tr, text: `${lang}: ${source}`, baseVersion: 0, needsWork: i === 2 }, db);
      if (i < 2) approveTranslation({ ...letter, lang, segment: key, userId: ids.rv, version: saved.version }, db);
    }
  }
}, 60_000);

describe('export', () => {
  it('the seeded letter in each of the six languages, XLIFF 1.2 and 2.0, is schema-valid (OASIS 1.2 strict, 2.0 core + modules)', async () => {
    const v12 = await validateXliff12(LANGS.map((lang) => ({ name: `${lang}.xlf`, xml: exportLetter(lang, '1.2') })));
    const v20 = await validateXliff20(LANGS.map((lang) => ({ name: `${lang}.xlf`, xml: exportLetter(lang, '2.0') })));
    for (const result of [...v12, ...v20]) expect(result, JSON.stringify(result.errors)).toMatchObject({ valid: true });
    expect(v12).toHaveLength(6);
    expect(v20).toHaveLength(6);
  });

  it('one unit per translatable segment in document order, with the file saying project, document, source version and language', () => {
    const xml = exportLetter('ur');
    expect([...xml.matchAll(/<trans-unit id="([^"]+)"/g)].map((m) => m[1])).toEqual(keys);
    expect(xml).toContain('original="itu-2012/sign-on-letter" source-language="en" target-language="ur"');
    expect(xml).toMatch(/build-num="1"/);
    const x20 = exportLetter('ur', '2.0');
    expect([...x20.matchAll(/<unit id="([^"]+)"/g)].map((m) => m[1])).toEqual(keys);
    expect(x20).toContain('srcLang="en" trgLang="ur"');
    expect(x20).toContain('<mda:meta type="document">sign-on-letter</mda:meta><mda:meta type="source-version">1</mda:meta>');
  });

  it('maps states: approved is final + approved="yes" (2.0 final), needs work is needs-review-translation (2.0 initial with a target)', () => {
    const xml = exportLetter('fr');
    const unit = (key: string) => new RegExp(`<trans-unit id="${key}"[^>]*>.*?</trans-unit>`).exec(xml)![0];
    expect(unit(plain[0])).toMatch(/approved="yes"/);
    expect(unit(plain[0])).toContain('<target state="final">');
    expect(unit(plain[2])).toContain('<target state="needs-review-translation">');
    expect(unit(plain[3])).toContain('<target state="translated">');
    expect(unit(plain[10])).not.toContain('<target');
    const x20 = exportLetter('fr', '2.0');
    const unit20 = (key: string) => new RegExp(`<unit id="${key}"[^>]*>.*?</unit>`).exec(x20)![0];
    expect(unit20(plain[0])).toContain('<segment state="final">');
    expect(unit20(plain[2])).toMatch(/<segment state="initial"><source>.*<\/source><target>/);
    expect(unit20(plain[10])).toMatch(/<segment state="initial"><source>.*<\/source><\/segment>/);
  });

  it('inline codes are 1.2 <g>/<x/> and 2.0 <pc>/<ph/> with the original markup in <originalData>; nothing is indented inside a unit', () => {
    expect(codedKey).not.toBe('');
    const unit12 = new RegExp(`<trans-unit id="${codedKey}"[^>]*>.*?</trans-unit>`).exec(exportLetter('fr'))![0];
    expect(unit12).toMatch(/<x id="\d+" ctype="x-[a-z-]+" equiv-text="[^"]+"\/>|<g id="\d+" ctype="[a-z-]+">/);
    const unit20 = new RegExp(`<unit id="${codedKey}"[^>]*>.*?</unit>`).exec(exportLetter('fr', '2.0'))![0];
    expect(unit20).toMatch(/<originalData><data id="d\d+">[^<]+<\/data>/);
    expect(unit20).toMatch(/<ph id="\d+" dataRef="d\d+"\/>|<pc id="\d+" dataRefStart="d\d+" dataRefEnd="d\d+-end">/);
    expect(unit12).not.toContain('\n');
    expect(unit20).not.toContain('\n');
  });

  itWithTool(tools, 'translate-toolkit', 'Translate Toolkit reads every 1.2 file with the same unit count and states', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tt-'));
    for (const lang of LANGS) {
      const file = path.join(dir, `${lang}.xlf`);
      fs.writeFileSync(file, exportLetter(lang));
      const units = await readWithTranslateToolkit(file);
      expect(units.map((u) => u.id)).toEqual(keys);
      const byId = new Map(units.map((u) => [u.id, u]));
      // TT's view of our states: approved → approved and not fuzzy; needs-work → needs-review (fuzzy);
      // translated → translated but fuzzy (TT wants approved="yes" for "done"); untranslated → no target.
      expect(byId.get(plain[0])).toMatchObject({ approved: true, fuzzy: false, xmlState: 'final' });
      expect(byId.get(plain[2])).toMatchObject({ approved: false, xmlState: 'needs-review-translation' });
      expect(byId.get(plain[3])).toMatchObject({ approved: false, xmlState: 'translated' });
      expect(byId.get(plain[10])).toMatchObject({ target: '' });
      expect(byId.get(plain[3])!.target).toBe(withoutPlaceholders(current(plain[3], lang)!.text));
    }
  }, 60_000);

  it('i18next JSON: one key per segment, approved text only by default, every translated text with all', () => {
    const approved = JSON.parse(exportI18next({ ...letter, lang: 'th', all: false, viewer: null }, db).body) as Record<string, string>;
    expect(Object.keys(approved)).toEqual([plain[0], plain[1]]);
    expect(approved[plain[0]]).toBe(current(plain[0], 'th')!.text);
    const all = JSON.parse(exportI18next({ ...letter, lang: 'th', all: true, viewer: null }, db).body) as Record<string, string>;
    expect(Object.keys(all)).toEqual([plain[0], plain[1], plain[3], plain[4], plain[5]]);
  });
});

describe('import', () => {
  it('export → import → export through our own code is byte-identical and changes nothing (1.2 and 2.0)', () => {
    for (const version of ['1.2', '2.0'] as const) {
      for (const lang of LANGS) {
        const first = exportLetter(lang, version);
        const before = dumpTables(db);
        const result = importAs(first, { yes: true });
        expect(result).toMatchObject({ changed: 0, conflicts: 0, skipped: 0 });
        expect(dumpTables(db)).toBe(before);
        expect(exportLetter(lang, version)).toBe(first);
      }
    }
  });

  it('a translator\'s new text comes back as a revision with origin xliff-import; the same file again changes nothing (XL-18)', () => {
    const xml = exportLetter('es')
      .replace(new RegExp(`(<trans-unit id="${plain[10]}"[^>]*><source>)(.*?)(</source>)`), '$1$2$3<target state="translated">Texto de la agencia.</target>');
    const preview = importAs(xml);
    expect(preview).toMatchObject({ counts: { changed: 1, conflicts: 0 } });
    const revisions = revisionsFromXliff();
    expect(importAs(xml, { yes: true })).toMatchObject({ changed: 1 });
    expect(current(plain[10], 'es')).toMatchObject({ text: 'Texto de la agencia.', state: 20, version: 1 });
    expect(revisionsFromXliff()).toBe(revisions + 1);
    const before = dumpTables(db);
    expect(importAs(xml, { yes: true })).toMatchObject({ changed: 0 });
    expect(dumpTables(db)).toBe(before);
  });

  it('a segment edited in the app after export is a conflict, kept unless the person chooses the file (XL-19)', () => {
    const exported = exportLetter('bn');
    saveTranslation({ ...letter, lang: 'bn', segment: plain[4], userId: ids.rv, text: 'এখানে সম্পাদিত', baseVersion: 1, needsWork: false }, db);
    const edited = exported.replace(new RegExp(`(<trans-unit id="${plain[4]}".*?<target state="translated">)(.*?)(</target>)`), '$1ফাইল থেকে$3')
      .replace(new RegExp(`(<trans-unit id="${plain[5]}".*?<target state="translated">)(.*?)(</target>)`), '$1অন্য পাঠ্য$3');
    const preview = importAs(edited) as Extract<ReturnType<typeof importAs>, { units: unknown }>;
    expect(preview.counts).toMatchObject({ changed: 1, conflicts: 1 });
    expect(preview.units.find((u) => u.kind === 'conflict')).toMatchObject({ id: plain[4], current: { text: 'এখানে সম্পাদিত', version: 2 }, exportedVersion: 1 });
    expect(importAs(edited, { yes: true })).toMatchObject({ changed: 1, conflicts: 1, overwritten: 0 });
    expect(current(plain[4], 'bn')).toMatchObject({ text: 'এখানে সম্পাদিত', version: 2 });
    expect(current(plain[5], 'bn')).toMatchObject({ text: 'অন্য পাঠ্য' });
    expect(importAs(edited, { yes: true, overwrite: new Set([plain[4]]) })).toMatchObject({ changed: 1, overwritten: 1 });
    expect(current(plain[4], 'bn')).toMatchObject({ text: 'ফাইল থেকে', version: 3 });
  });

  it('OmegaT-style: state left as exported (new), target changed → translated; a target copied from the source changes nothing', () => {
    const xml = exportLetter('zh-Hans')
      .replace(new RegExp(`(<trans-unit id="${plain[11]}"[^>]*><source>)(.*?)(</source>)`), '$1$2$3<target state="new">中文译文。</target>')
      .replace(new RegExp(`(<trans-unit id="${plain[12]}"[^>]*><source>)(.*?)(</source>)`), '$1$2$3<target state="new">$2</target>');
    const preview = importAs(xml) as Extract<ReturnType<typeof importAs>, { units: unknown }>;
    expect(preview.units.find((u) => u.id === plain[11])).toMatchObject({ kind: 'changed', state: 'translated', text: '中文译文。' });
    expect(preview.units.find((u) => u.id === plain[12])).toMatchObject({ kind: 'unchanged' });
  });

  it('EX-01: texts with ]]>, &, <, " export well-formed (saxes) and come back byte-identical', () => {
    const tricky = 'a ]]> b & c < d " e \' f > g';
    saveTranslation({ ...letter, lang: 'th', segment: plain[7], userId: ids.rv, text: tricky, baseVersion: 0, needsWork: false }, db);
    for (const version of ['1.2', '2.0'] as const) {
      const xml = exportLetter('th', version);
      const parser = new SaxesParser({ xmlns: true });
      const texts: string[] = [];
      parser.on('text', (t) => texts.push(t));
      expect(() => parser.write(xml).close()).not.toThrow();
      expect(texts).toContain(tricky);
      expect(importAs(xml, { yes: true })).toMatchObject({ changed: 0 });
      expect(exportLetter('th', version)).toBe(xml);
    }
  });
});

describe('security.md E: every refused file changes nothing, adds one rejected audit row, and says what and where', () => {
  const fr = () => exportLetter('fr');
  it('XL-01/02/03: DOCTYPE with an external entity, a parameter entity, or billion laughs → doctype_not_allowed; nothing is fetched', async () => {
    // An out-of-band listener: any fetch of an external entity or DTD would show up here.
    let requests = 0;
    const listener = http.createServer((_req, res) => { requests++; res.end('<!ENTITY x "pwned">'); });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as AddressInfo).port;
    const head = '<?xml version="1.0"?>\n';
    const body = fr().replace(/^<\?xml[^>]*>\n/, '');
    const xxe = `${head}<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n${body.replace('<source>', '<source>&xxe;')}`;
    expect(refusal(xxe)).toMatchObject({ code: 'doctype_not_allowed', details: { line: 2 } });
    const remote = `${head}<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "http://127.0.0.1:${port}/x">]>\n${body.replace('<source>', '<source>&xxe;')}`;
    expect(refusal(remote).code).toBe('doctype_not_allowed');
    const pe = `${head}<!DOCTYPE xliff [<!ENTITY % p SYSTEM "http://127.0.0.1:${port}/p"> %p;]>\n${body}`;
    expect(refusal(pe).code).toBe('doctype_not_allowed');
    const external = `${head}<!DOCTYPE xliff SYSTEM "http://127.0.0.1:${port}/xliff.dtd">\n${body}`;
    expect(refusal(external).code).toBe('doctype_not_allowed');
    const lol = `${head}<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><lolz>&lol9;</lolz>`;
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    expect(() => readXliff(lol)).toThrow(expect.objectContaining({ code: 'doctype_not_allowed' }));
    expect(performance.now() - started).toBeLessThan(100);
    expect(process.memoryUsage().rss - rss).toBeLessThan(50e6);
    expect(refusal(lol).code).toBe('doctype_not_allowed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    listener.close();
    expect(requests).toBe(0);
  });

  it('XL-06: a French file uploaded to Thai → target_language_mismatch {expected: th, found: fr}', () => {
    expect(refusal(fr(), { expect: { ...letter, lang: 'th' } })).toMatchObject({ code: 'target_language_mismatch', details: { expected: 'th', found: 'fr' } });
  });

  it('XL-07/09: unknown unit ids (zzz, __proto__, constructor) → unknown_unit_ids listing them; Object.prototype untouched', () => {
    const extra = ['zzz', '__proto__', 'constructor'].map((id) => `<trans-unit id="${id}"><source>x</source><target>y</target></trans-unit>`).join('');
    const error = refusal(fr().replace('</body>', `${extra}</body>`));
    expect(error).toMatchObject({ code: 'unknown_unit_ids', details: { ids: ['zzz', '__proto__', 'constructor'] } });
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('XL-08: two units with the same id → duplicate_unit_id naming it and its line', () => {
    const xml = fr();
    const unit = new RegExp(`<trans-unit id="${plain[1]}".*?</trans-unit>\n`).exec(xml)![0];
    const doubled = xml.replace(unit, unit + unit);
    const line = doubled.slice(0, doubled.lastIndexOf(`<trans-unit id="${plain[1]}"`)).split('\n').length;
    expect(refusal(doubled)).toMatchObject({ code: 'duplicate_unit_id', details: { id: plain[1], line } });
  });

  it('XL-10: invalid UTF-8 (C3 28) inside a target → invalid_encoding at its exact byte offset', () => {
    const text = fr().replace('<target state="final">', '<target state="final">\u0001MARK');
    const raw = Buffer.from(text.replace('\u0001MARK', 'XX'));
    const at = raw.indexOf('XX');
    raw[at] = 0xc3;
    raw[at + 1] = 0x28;
    expect(refusal(new Uint8Array(raw))).toMatchObject({ code: 'invalid_encoding', details: { byteOffset: at } });
  });

  it('XL-11: UTF-16LE with a BOM → 415 unsupported_encoding', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fr(), 'utf16le')]);
    expect(refusal(new Uint8Array(utf16))).toMatchObject({ code: 'unsupported_encoding', status: 415 });
  });

  it('XL-12: a UTF-8 BOM and CRLF line ends are accepted; stored texts have \\n and no BOM', () => {
    const xml = fr().replace(new RegExp(`(<trans-unit id="${plain[13]}"[^>]*><source>)(.*?)(</source>)`), '$1$2$3<target state="translated">Ligne un\nligne deux</target>');
    const crlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml.replace(/\n/g, '\r\n'))]);
    expect(importAs(new Uint8Array(crlf), { yes: true })).toMatchObject({ changed: 1 });
    expect(current(plain[13], 'fr')!.text).toBe('Ligne un\nligne deux');
  });

  it('XL-13: an unclosed root, two roots, &nbsp; → malformed_xml with line and column', () => {
    expect(refusal(fr().replace('</xliff>\n', ''))).toMatchObject({ code: 'malformed_xml', details: { line: expect.any(Number), column: expect.any(Number) } });
    expect(refusal(`${fr()}<xliff/>`).code).toBe('malformed_xml');
    const nbsp = refusal(fr().replace('<target state="final">', '<target state="final">&nbsp;'));
    expect(nbsp).toMatchObject({ code: 'malformed_xml', details: { line: 6 } });
  });

  it('XL-14: 100,000 nested <g> → nesting_too_deep, quickly', () => {
    const deep = fr().replace('<target state="final">', `<target state="final">${'<g id="1">'.repeat(100_000)}${'</g>'.repeat(100_000)}`);
    expect(refusal(deep).code).toBe('nesting_too_deep');
    const started = performance.now();
    expect(() => readXliff(deep)).toThrow(expect.objectContaining({ code: 'nesting_too_deep' }));
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('XL-15: &#0; or a raw U+0001 in a target → control_character with its line', () => {
    expect(refusal(fr().replace('<target state="final">', '<target state="final">&#0;'))).toMatchObject({ code: 'control_character', details: { line: 6 } });
    expect(refusal(fr().replace('<target state="final">', '<target state="final">\u0001'))).toMatchObject({ code: 'control_character', details: { codepoint: 'U+0001' } });
  });

  it('XL-16: a target holding &lt;script&gt; is just text, stored as written', () => {
    const xml = fr().replace(new RegExp(`(<trans-unit id="${plain[14]}"[^>]*><source>)(.*?)(</source>)`), '$1$2$3<target state="translated">&lt;script&gt;alert(1)&lt;/script&gt;</target>');
    expect(importAs(xml, { yes: true })).toMatchObject({ changed: 1 });
    expect(current(plain[14], 'fr')!.text).toBe('<script>alert(1)</script>');
  });

  it('XL-20: a <g> in a target where the source has no such code → placeholder_mismatch naming the unit; unknown elements are refused, never dropped', () => {
    const one = plain[20];
    const withG = fr().replace(new RegExp(`(<trans-unit id="${one}"[^>]*><source>)(.*?)(</source>)`), '$1$2$3<target state="translated">Un <g id="1">lien</g>.</target>');
    expect(refusal(withG)).toMatchObject({ code: 'placeholder_mismatch', details: { id: one, unexpected: ['{1}', '{/1}'] } });
    const foreign = fr().replace(new RegExp(`(<trans-unit id="${one}"[^>]*><source>)(.*?)(</source>)`), '$1$2$3<target state="translated">Un <b xmlns="urn:x">gras</b>.</target>');
    expect(refusal(foreign)).toMatchObject({ code: 'unsupported_xliff', details: { id: one, feature: '<b>' } });
  });

  it('a file of another document, or naming no document, is refused without touching either', () => {
    expect(refusal(fr(), { expect: { project: 'itu-2012', document: 'key-messages', lang: 'fr' } })).toMatchObject({ code: 'wrong_document' });
    expect(refusal(fr().replace('original="itu-2012/sign-on-letter"', 'original="somewhere.docx"')).code).toBe('wrong_document');
  });
});
