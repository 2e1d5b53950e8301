import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { AppError } from '~/domain/errors';
import { createUser } from '~/services/auth.server';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { approveFromReading, loadReading } from '~/services/reading.server';
import { saveTranslation } from '~/services/translations.server';
import { Client } from '../support/client';
import { freshDb } from '../support/db';
import { startServer, type RunningServer } from '../support/server';

const letter = { project: 'itu-2012', document: 'sign-on-letter' };
const PASSWORD = 'a long passphrase';

/** A person with the given roles in the seeded project only (createUser alone gives a global role). */
async function member(db: Db, name: string, roles: { role: 'reviewer' | 'translator'; lang: string }[]): Promise<number> {
  const user = await createUser({ email: `${name}@example.org`, name, password: PASSWORD, role: 'translator' }, db);
  db.run(sql`DELETE FROM memberships WHERE user_id = ${user.id}`);
  for (const r of roles) {
    db.run(sql`INSERT INTO memberships (user_id, project_id, role, lang) VALUES (${user.id}, (SELECT id FROM projects WHERE slug = 'itu-2012'), ${r.role}, ${r.lang})`);
  }
  return user.id;
}

/** Translatable sentences without inline codes, in document order. */
function plainSentences(db: Db, lang: string): string[] {
  return loadEditor({ ...letter, lang, viewer: null }, db).segments.filter((s) => s.translatable && s.codes.length === 0).map((s) => s.key);
}

function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the reading mode, assembled', () => {
  let db: Db;
  beforeAll(() => {
    db = freshDb();
  });
  afterAll(() => db.$client.close());

  it('has all 97 segments of the Urdu letter, in document order, inside blocks in layout order', () => {
    const reading = loadReading({ ...letter, lang: 'ur', viewer: null }, db);
    const inBlocks = reading.blocks.flatMap((b) => b.segments.map((s) => s.key));
    expect(inBlocks).toEqual(loadEditor({ ...letter, lang: 'ur', viewer: null }, db).segments.map((s) => s.key));
    expect(inBlocks).toHaveLength(97);
    const indexes = reading.blocks.map((b) => b.index);
    expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
    expect(reading.lang).toMatchObject({ tag: 'ur', dir: 'rtl' });
    // Nothing is translated yet: every translatable sentence shows the English in its place.
    expect(reading.counts).toEqual({ approved: 0, unapproved: 0, untranslated: 97 - 47 - 2 });
  });

  it('keeps the signatory whose name wraps over three lines in one piece, in the list of signatories', () => {
    const { blocks } = loadReading({ ...letter, lang: 'ur', viewer: null }, db);
    const wrapped = blocks.find((b) => b.segments.some((s) => s.placeholderText.startsWith('Eduardo Bertoni')))!;
    expect(wrapped.type).toBe('signatory');
    expect(wrapped.segments).toHaveLength(1);
    expect(wrapped.segments[0].placeholderText).toMatch(/^Eduardo Bertoni, Centro de Estudios en Libertad\s+de Expresión .*\(CELE\),\s+\S/s);
    expect(wrapped.segments[0]).toMatchObject({ translatable: false, status: 'source' });
    const list = blocks.filter((b) => b.type === 'signatory' && b.group === wrapped.group);
    expect(list.map((b) => b.segments[0].placeholderText)).toContain('Article 19');
  });

  it('groups the bullet lists as lists, a multi-sentence item in one piece', () => {
    const { blocks } = loadReading({ ...letter, lang: 'ur', viewer: null }, db);
    const bulleted = blocks.filter((b) => b.type === 'list-item' && b.label === '•');
    const groups = [...new Set(bulleted.map((b) => b.group))];
    const lists = groups.map((group) => bulleted.filter((b) => b.group === group));
    expect(lists.map((items) => items.length)).toEqual([3, 2, 4]);
    const firstOfWhatCanIDo = lists[2][0];
    expect(firstOfWhatCanIDo.segments.map((s) => s.placeholderText)).toEqual([
      'Send the letter to government officials who are participating in the ITU process.',
      'This link leads to a full list of ITU member states.',
      expect.stringMatching(/^By clicking on a member state/),
      expect.stringMatching(/^Click on any of these ministries/),
      'You might also coordinate this effort with other interested civil society groups in your country.',
    ]);
  });
});

describe('approving from the reading mode', () => {
  let db: Db;
  const ids: Record<string, number> = {};
  const th = { ...letter, lang: 'th' };
  let keys: string[];

  beforeEach(async () => {
    db = freshDb();
    ids.translator = await member(db, 'tr_th', [{ role: 'translator', lang: 'th' }]);
    ids.reviewer = await member(db, 'rv_th', [{ role: 'reviewer', lang: 'th' }]);
    ids.frenchReviewer = await member(db, 'rv_fr', [{ role: 'reviewer', lang: 'fr' }]);
    keys = plainSentences(db, 'th');
    saveTranslation({ ...th, segment: keys[0], userId: ids.translator, text: 'จดหมายฉบับนี้', baseVersion: 0, needsWork: false }, db);
    saveTranslation({ ...th, segment: keys[1], userId: ids.translator, text: '<script>alert(1)</script>', baseVersion: 0, needsWork: false }, db);
    saveTranslation({ ...th, segment: keys[2], userId: ids.reviewer, text: 'ของผู้ตรวจเอง', baseVersion: 0, needsWork: false }, db);
  });
  afterAll(() => db?.$client.close());

  const statusOf = (key: string, viewer: number) =>
    loadReading({ ...th, viewer }, db).blocks.flatMap((b) => b.segments).find((s) => s.key === key)!.status;

  it('shows the reviewer which sentences wait for approval, and whether they may approve', () => {
    const reading = loadReading({ ...th, viewer: ids.reviewer }, db);
    expect(reading.mayReview).toBe(true);
    expect(reading.counts).toMatchObject({ approved: 0, unapproved: 3 });
    expect(loadReading({ ...th, viewer: ids.translator }, db).mayReview).toBe(false);
    expect(loadReading({ ...th, viewer: ids.frenchReviewer }, db).mayReview).toBe(false);
  });

  it('approves the selection; a sentence of their own and one changed since are refused, the rest approved', () => {
    saveTranslation({ ...th, segment: keys[1], userId: ids.translator, text: 'แก้แล้ว', baseVersion: 1, needsWork: false }, db);
    const { approved, refused } = approveFromReading({
      ...th, userId: ids.reviewer, items: [{ segment: keys[0], version: 1 }, { segment: keys[1], version: 1 }, { segment: keys[2], version: 1 }],
    }, db);
    expect(approved.map((a) => [a.segment, a.state])).toEqual([[keys[0], 'approved']]);
    expect(refused.map((r) => [r.segment, r.error.status, r.error.code])).toEqual([
      [keys[1], 409, 'version_conflict'],
      [keys[2], 403, 'self_approval_forbidden'],
    ]);
    expect(statusOf(keys[0], ids.reviewer)).toBe('approved');
    expect(statusOf(keys[1], ids.reviewer)).toBe('unapproved');
  });

  it('refuses, as a whole, someone who may not review the language — even with nothing selected', () => {
    for (const who of ['translator', 'frenchReviewer']) {
      const error = refusal(() => approveFromReading({ ...th, userId: ids[who], items: [{ segment: keys[0], version: 1 }] }, db));
      expect({ who, status: error.status, code: error.code }).toEqual({ who, status: 403, code: 'forbidden' });
      expect(refusal(() => approveFromReading({ ...th, userId: ids[who], items: [] }, db)).status).toBe(403);
    }
    expect(statusOf(keys[0], ids.reviewer)).toBe('unapproved');
  });
});

describe('the reading page over HTTP', () => {
  let server: RunningServer;
  let db: Db;
  let keys: string[];
  const readPath = '/projects/itu-2012/sign-on-letter/th/read';

  beforeAll(async () => {
    server = await startServer();
    // The test prepares the server's own database file, as a second process would.
    db = openDatabase(server.databasePath);
    const translator = await member(db, 'tr_th', [{ role: 'translator', lang: 'th' }]);
    await member(db, 'rv_th', [{ role: 'reviewer', lang: 'th' }]);
    keys = plainSentences(db, 'th');
    saveTranslation({ ...letter, lang: 'th', segment: keys[0], userId: translator, text: 'จดหมายต่อไปนี้', baseVersion: 0, needsWork: false }, db);
    saveTranslation({ ...letter, lang: 'th', segment: keys[1], userId: translator, text: 'องค์กร <b>ที่ลงนาม</b>', baseVersion: 0, needsWork: false }, db);
    saveTranslation({ ...letter, lang: 'th', segment: keys[2], userId: translator, text: 'ขอเชิญ', baseVersion: 0, needsWork: false }, db);
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  async function signedIn(name: string): Promise<Client> {
    const client = new Client(server.url);
    expect((await client.signIn(`${name}@example.org`, PASSWORD)).status).toBe(302);
    return client;
  }

  /** The reading page's form as a browser posts it: one `approve` field per ticked box. */
  function postApprovals(client: Client, token: string, approvals: string[], headers: Record<string, string> = {}) {
    const body = new URLSearchParams([['_csrf', token], ['intent', 'approve'], ...approvals.map((a) => ['approve', a])]);
    return client.request(readPath, {
      method: 'POST', body: body.toString(),
      headers: { Origin: client.origin, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /** The approval boxes of a page: `KEY:VERSION` → ticked or not. */
  const approveBoxes = (html: string) => new Map([...html.matchAll(/<input type="checkbox" name="approve"[^>]*>/g)]
    .map(([tag]) => [/value="([^"]+)"/.exec(tag)![1], tag.includes('checked=""')]));

  const stateOf = (key: string) => db.get<{ state: number }>(sql`
    SELECT t.state FROM translations t JOIN segments s ON s.id = t.segment_id WHERE s.key = ${key} AND t.lang = 'th'`)?.state;

  it('shows a reviewer of Thai the letter in Thai, every sentence linked to the editor, with a box beside each sentence to approve', async () => {
    const reviewer = await signedIn('rv_th');
    const response = await reviewer.get(readPath);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<article lang="th" dir="ltr"');
    expect(html).toContain(`href="/projects/itu-2012/sign-on-letter/th?at=${keys[0]}#seg-${keys[0]}"`);
    expect(html).toContain('href="/projects/itu-2012/sign-on-letter/th"'); // back to the editor
    expect(approveBoxes(html)).toEqual(new Map(keys.slice(0, 3).map((key) => [`${key}:1`, true])));
    // A translation is text, never markup.
    expect(html).toContain('องค์กร &lt;b&gt;ที่ลงนาม&lt;/b&gt;');
    // Untranslated sentences show the English, marked; signatories are a list in English.
    expect(html).toMatch(new RegExp(`id="read-${keys[3]}" class="reading-sentence untranslated" lang="en" dir="ltr"`));
    expect(html).toMatch(/<ul class="reading-signatories" lang="en" dir="ltr">(?:(?!<\/ul>).)*Article 19/s);
    expect(html.match(/<ul class="reading-list"/g)?.length).toBeGreaterThanOrEqual(4);
    expect(html).toContain('<button type="submit">Approve the selected sentences</button>');
    // Urdu reads right to left.
    expect(await (await reviewer.get('/projects/itu-2012/sign-on-letter/ur/read')).text()).toContain('<article lang="ur" dir="rtl"');
  });

  it('approves the two sentences the reviewer left ticked and comes back with how many', async () => {
    const reviewer = await signedIn('rv_th');
    const token = await reviewer.tokenFrom(readPath);
    const response = await postApprovals(reviewer, token, [`${keys[0]}:1`, `${keys[1]}:1`]);
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(`${readPath}?approved=2`);
    expect([stateOf(keys[0]), stateOf(keys[1]), stateOf(keys[2])]).toEqual([30, 30, 20]);
    const html = await (await reviewer.get(`${readPath}?approved=2`)).text();
    expect(html).toContain('role="status">2 sentences approved.</p>');
    expect([...approveBoxes(html).keys()]).toEqual([`${keys[2]}:1`]);
  });

  it('lists a sentence that changed since the page was loaded, with 409, and approves nothing it did not show', async () => {
    const reviewer = await signedIn('rv_th');
    const token = await reviewer.tokenFrom(readPath);
    const response = await postApprovals(reviewer, token, [`${keys[2]}:0`]);
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain('<p>1 sentence could not be approved:</p>');
    expect(html).toMatch(/<span lang="en" dir="ltr">it changed after you loaded the page/);
    expect(stateOf(keys[2])).toBe(20);
  });

  it('shows a translator of Thai no boxes, and refuses their post with 403', async () => {
    const translator = await signedIn('tr_th');
    const page = await translator.get(readPath);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<article lang="th"');
    expect(html).not.toContain('name="approve"');
    expect(html).not.toContain('<button type="submit">Approve the selected sentences</button>');
    const token = await translator.tokenFrom(readPath); // the sign-out form's token
    const logged = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM security_log WHERE kind = 'permission_refused'`)!.n;
    const before = logged();
    const response = await postApprovals(translator, token, [`${keys[2]}:1`], { Accept: 'application/json' });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
    expect(stateOf(keys[2])).toBe(20);
    expect(logged()).toBe(before + 1);
  });
});
