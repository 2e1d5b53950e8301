import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '~/domain/errors';
import { createUser } from '~/services/auth.server';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { setProjectRules } from '~/services/imports.server';
import { findProject } from '~/services/projects.server';
import { applyImport, planImport, prepareSource, previewSummary } from '~/services/sources.server';
import { saveTranslation, segmentHistory } from '~/services/translations.server';
import { dumpTables, freshDb } from '../support/db';
import { makeDocx } from '../support/docx';

let db: Db;
let userId: number;

beforeEach(async () => {
  db = freshDb();
  userId = (await createUser({ email: 'coord@example.org', password: 'a long passphrase', role: 'coordinator' }, db)).id;
});

async function importFile(fileName: string, bytes: Uint8Array, document: string, apply = true) {
  const project = findProject(db, 'itu-2012')!;
  const plan = planImport(db, { project, documentSlug: document, title: null, source: await prepareSource(fileName, bytes) });
  return { plan, result: apply ? applyImport(db, plan, userId) : null };
}

async function refusal(work: () => Promise<unknown>) {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const editor = (document: string, lang = 'fr') => loadEditor({ project: 'itu-2012', document, lang, viewer: null }, db);

describe('importing each format into the same segment model', () => {
  it('seed 002, the Word dump, becomes brazil-pp18 with its clauses, footnotes and Word residue as codes', async () => {
    const bytes = fs.readFileSync(path.resolve('tests/fixtures/seeds/002_dc89209e4553f076.txt'));
    const { result } = await importFile('002_dc89209e4553f076.txt', bytes, 'brazil-pp18');
    expect(result!.segments).toBe(271);
    const segments = editor('brazil-pp18').segments;
    expect(segments[0]).toMatchObject({ kind: 'metadata', translatable: false });
    expect(segments.find((s) => s.label === 'cb)')).toBeDefined();
    const footnote = segments.find((s) => s.placeholderText.startsWith('These include the least developed countries'));
    expect(footnote?.kind).toBe('paragraph-sentence');
    const withRef = segments.find((s) => s.codes.some((c) => c.open === '[footnoteRef:1]1'))!;
    expect(withRef.placeholderText).toContain('{1/}');
    expect(segments.every((s) => !s.placeholderText.includes('[bookmark:'))).toBe(true);
  });

  it('Markdown keeps links and emphasis as paired codes', async () => {
    const md = '# Petition\n\nWe oppose **expanding** the [ITU treaty](https://www.itu.int/treaty). Sign now.\n\n- Share it\n- Translate it\n';
    await importFile('petition.md', Buffer.from(md), 'petition');
    expect(editor('petition').segments.map((s) => [s.kind, s.placeholderText])).toEqual([
      ['heading', 'Petition'],
      ['paragraph-sentence', 'We oppose {1}expanding{/1} the {2}ITU treaty{/2}.'],
      ['paragraph-sentence', 'Sign now.'],
      ['list-item', 'Share it'],
      ['list-item', 'Translate it'],
    ]);
  });

  it('HTML keeps headings, lists, quotes, links and emphasis, and never scripts, styles or event handlers', async () => {
    const html = `<html><head><script>window.x=1</script><style>p{color:red}</style></head><body>
      <h2 onclick="steal()">Key messages</h2>
      <p>Governments <em>control</em> the ITU. Read <a href="https://cdt.org/itu" onmouseover="x()">our analysis</a>.</p>
      <ul><li>Publish proposals.</li><li>Open the process.</li></ul>
      <blockquote><p>The Internet is for everyone.</p></blockquote>
      <p><img src="x" onerror="window.__xss=1"><a href="javascript:alert(1)">click</a></p>
    </body></html>`;
    await importFile('messages.html', Buffer.from(html), 'messages');
    const segments = editor('messages').segments;
    expect(segments.map((s) => [s.kind, s.placeholderText])).toEqual([
      ['heading', 'Key messages'],
      ['paragraph-sentence', 'Governments {1}control{/1} the ITU.'],
      ['paragraph-sentence', 'Read {1}our analysis{/1}.'],
      ['list-item', 'Publish proposals.'],
      ['list-item', 'Open the process.'],
      ['paragraph-sentence', 'The Internet is for everyone.'],
      ['paragraph-sentence', '{1/}{2}click{/2}'],
    ]);
    const all = JSON.stringify(segments);
    for (const bad of ['script', 'style', 'onclick', 'onmouseover', 'onerror', 'javascript:', 'window.']) expect(all).not.toContain(bad);
    expect(segments[2].codes[0]).toMatchObject({ kind: 'link', open: '<a href="https://cdt.org/itu">', close: '</a>', href: 'https://cdt.org/itu' });
  });

  it('Word documents go through their HTML: heading, bold, hyperlink, bullets', async () => {
    const docx = await makeDocx();
    const { result } = await importFile('letter.docx', docx, 'word-letter');
    const segments = editor('word-letter').segments;
    expect(segments.map((s) => [s.kind, s.label, s.placeholderText])).toEqual([
      ['heading', null, 'Letter to the ITU'],
      ['paragraph-sentence', null, 'We call on member states to act.'],
      ['paragraph-sentence', null, '{1}Oppose the treaty.{/1}'],
      ['paragraph-sentence', null, 'Read the {1}full letter{/1}.'],
      ['list-item', '•', 'Publish all proposals.'],
      ['list-item', '•', 'Hold open consultations.'],
    ]);
    // The Word file itself is kept byte for byte with the version.
    const stored = db.get<{ original: Buffer; media_type: string }>(sql`SELECT original, media_type FROM source_versions WHERE id = ${result!.versionId}`)!;
    expect(Buffer.compare(stored.original, docx)).toBe(0);
    expect(stored.media_type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });
});

describe('refused files say what is wrong and change nothing', () => {
  it('a DOCX that is not a zip, invalid UTF-8, UTF-16, an unknown type, an empty file and a 50 MB file', async () => {
    const before = dumpTables(db);
    const cases: [string, Uint8Array, string, number, Record<string, unknown>][] = [
      ['letter.docx', Buffer.from('this is not a zip'), 'not_a_docx', 422, { fileName: 'letter.docx' }],
      ['letter.txt', Buffer.concat([Buffer.from('Line one\nLine tw'), Buffer.from([0xc3, 0x28])]), 'invalid_encoding', 422, { byteOffset: 16, line: 2 }],
      ['letter.txt', Buffer.from('\ufeffletter', 'utf16le'), 'unsupported_encoding', 415, { encoding: 'UTF-16LE' }],
      ['letter.pdf', Buffer.from('%PDF-1.4'), 'unsupported_media_type', 415, { fileName: 'letter.pdf' }],
      ['letter.txt', Buffer.alloc(0), 'empty_source', 422, {}],
      ['huge.txt', Buffer.alloc(50 * 1024 * 1024, 0x61), 'payload_too_large', 413, { size: 50 * 1024 * 1024 }],
    ];
    for (const [name, bytes, code, status, details] of cases) {
      const error = await refusal(() => importFile(name, bytes, 'refused'));
      expect({ name, code: error.code, status: error.status }).toEqual({ name, code, status });
      expect(error.details).toMatchObject(details);
    }
    expect(dumpTables(db)).toBe(before);
  });

  it('a slug that is not a URL word, or names a page of the project', async () => {
    expect((await refusal(() => importFile('a.txt', Buffer.from('Hello.'), 'Bad Slug'))).code).toBe('slug_invalid');
    expect((await refusal(() => importFile('a.txt', Buffer.from('Hello.'), 'import'))).code).toBe('slug_invalid');
  });
});

describe('a new version of the sign-on letter', () => {
  it('keeps every translation that still fits, sends the reworded one back with its diff, retires the removed one', async () => {
    const before = editor('sign-on-letter');
    const byText = (start: string) => before.segments.find((s) => s.placeholderText.startsWith(start))!;
    const reworded = byText('Such expansion could have');
    const moved = byText('Leaked documents detailing proposals');
    const removed = byText('Civil society organizations and academics are invited');
    const others = before.segments.filter((s) => s.kind === 'paragraph-sentence' && s.codes.length === 0 && ![reworded, moved, removed].includes(s)).slice(0, 7);
    const translated = [reworded, moved, removed, ...others];
    expect(translated).toHaveLength(10);
    for (const [i, s] of translated.entries()) {
      saveTranslation({ project: 'itu-2012', document: 'sign-on-letter', lang: 'fr', segment: s.key, userId, text: `Phrase ${i} en français.`, baseVersion: 0, needsWork: false }, db);
    }

    const v2 = fs.readFileSync(path.resolve('tests/fixtures/sources/sign-on-letter-v2.txt'));
    const { plan } = await importFile('sign-on-letter-v2.txt', v2, 'sign-on-letter', false);
    const summary = previewSummary(plan);
    expect(summary.counts).toEqual({ unchanged: 95, moved: 1, changed: 1, new: 8, removed: 1 });
    expect(summary.changes.filter((c) => c.type === 'changed').map((c) => c.type === 'changed' && c.key)).toEqual([reworded.key]);
    expect(summary.changes.filter((c) => c.type === 'unchanged').map((c) => c.type === 'unchanged' && c.key)).toEqual([moved.key]);
    expect(summary.changes.filter((c) => c.type === 'removed').map((c) => c.type === 'removed' && c.key)).toEqual([removed.key]);
    expect(summary.changes.filter((c) => c.type === 'new').map((c) => c.type === 'new' && c.text)).toEqual([
      'Access Now', 'Digital Rights Foundation, Pakistan', 'Fundación Vía Libre, Argentina', 'Hiperderecho, Peru',
      'Internet Freedom Foundation, India', 'KICTANet Youth, Kenya', 'Paradigm Initiative, Nigeria', 'SMEX, Lebanon',
    ]);
    const change = summary.changes.find((c) => c.type === 'changed')!;
    expect(change.type === 'changed' && change.diff.filter((p) => p.type !== 'same')).toEqual([
      { type: 'added', text: 'an ' }, { type: 'removed', text: 'significant' }, { type: 'added', text: 'severe' },
    ]);

    applyImport(db, plan, userId);
    const after = editor('sign-on-letter');
    const now = (key: string) => after.segments.find((s) => s.key === key);
    // Eight translations untouched, the moved one among them with its id.
    for (const s of [moved, ...others]) expect(now(s.key)!.target).toMatchObject({ state: 'translated', version: 1 });
    expect(after.segments.findIndex((s) => s.key === moved.key)).toBeLessThan(after.segments.findIndex((s) => s.key === reworded.key));
    // The reworded one keeps its translation, needs work, and shows the English diff.
    expect(now(reworded.key)!.target).toMatchObject({ text: 'Phrase 0 en français.', state: 'needs-work', version: 2 });
    expect(now(reworded.key)!.sourceDiff!.filter((p) => p.type !== 'same').map((p) => p.text)).toEqual(['an ', 'significant', 'severe']);
    // The removed one is gone from the document, not from history.
    expect(now(removed.key)).toBeUndefined();
    expect(segmentHistory({ project: 'itu-2012', document: 'sign-on-letter', lang: 'fr', segment: moved.key, viewer: null }, db).history).toHaveLength(1);
    const retired = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM revisions r JOIN translations t ON t.id = r.translation_id JOIN segments s ON s.id = t.segment_id WHERE s.key = ${removed.key}`)!;
    expect(retired.n).toBe(1);
    // The new signatories are there, not translated by default.
    expect(after.segments.filter((s) => s.kind === 'signatory')).toHaveLength(47 + 8);
    // The change is in the reworded segment's history as a revision of its own.
    const history = segmentHistory({ project: 'itu-2012', document: 'sign-on-letter', lang: 'fr', segment: reworded.key, viewer: null }, db).history;
    expect(history.map((h) => [h.version, h.origin, h.state])).toEqual([[2, 'source-update', 'needs-work'], [1, 'editor', 'translated']]);
    // Saving the translation again clears the diff: it now belongs to the new English.
    saveTranslation({ project: 'itu-2012', document: 'sign-on-letter', lang: 'fr', segment: reworded.key, userId, text: 'Phrase revue.', baseVersion: 2, needsWork: false }, db);
    expect(editor('sign-on-letter').segments.find((s) => s.key === reworded.key)!.sourceDiff).toBeUndefined();
  });

  it('importing the same file again changes nothing', async () => {
    const seed = fs.readFileSync(path.resolve('db/seed/001_65d76613f37674ec.txt'));
    const { plan } = await importFile('001.txt', seed, 'sign-on-letter', false);
    expect(plan.counts).toEqual({ unchanged: 97, moved: 0, changed: 0, new: 0, removed: 0 });
  });

  it('refuses to apply a preview made before another version came in', async () => {
    const v2 = fs.readFileSync(path.resolve('tests/fixtures/sources/sign-on-letter-v2.txt'));
    const first = await importFile('v2.txt', v2, 'sign-on-letter', false);
    await importFile('v2.txt', v2, 'sign-on-letter');
    expect(() => applyImport(db, first.plan, userId)).toThrow(/another version of this document was imported/);
  });
});

describe("a project's own sentence rules", () => {
  it('apply to the next import; a broken file is refused with its line', async () => {
    const srx = `<?xml version="1.0"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0"><header cascade="no"/><body>
<languagerules><languagerule languagerulename="Semicolons">
<rule break="yes"><beforebreak>;</beforebreak><afterbreak>\\s</afterbreak></rule>
</languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="Semicolons"/></maprules></body></srx>`;
    setProjectRules('itu-2012', srx, db);
    await importFile('clauses.txt', Buffer.from('First clause; second clause. Third sentence.\n'), 'clauses');
    expect(editor('clauses').segments.map((s) => s.placeholderText)).toEqual(['First clause;', 'second clause. Third sentence.']);
    expect(() => setProjectRules('itu-2012', srx.replace('<beforebreak>;', '<beforebreak>[;'), db)).toThrow(/line 4/);
  });
});
