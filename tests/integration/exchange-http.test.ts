import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { contentDisposition } from '~/domain/exchange/file-names';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { saveTranslation } from '~/services/translations.server';
import { Client } from '../support/client';
import { dumpTables } from '../support/db';
import { addMember } from '../support/members';
import { startServer, type RunningServer } from '../support/server';

/**
 * XLIFF over HTTP as people and scripts use it: download buttons, upload → preview → confirm without JavaScript,
 * the coordinator's project import taking an XLIFF file, and security.md F (EX-02, EX-03) and E over the wire
 * (XL-04/05 size limits, XL-17 is in xliff-crash.test.ts).
 */

let server: RunningServer;
let db: Db;
const people: Record<string, Client> = {};
let plain: string[];
const letter = '/projects/itu-2012/sign-on-letter';

async function signedIn(name: string): Promise<Client> {
  const client = new Client(server.url);
  expect((await client.signIn(`${name}@example.org`, 'a long passphrase')).status).toBe(302);
  return client;
}

async function upload(client: Client, path: string, xml: string | Blob, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
  const token = await client.tokenFrom(`${letter}/fr/xliff`);
  const form = new FormData();
  form.set('_csrf', token);
  form.set('intent', 'upload');
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('file', typeof xml === 'string' ? new Blob([xml]) : xml, 'letter.fr.xlf');
  return client.request(path, { method: 'POST', headers: { Origin: client.origin, ...headers }, body: form });
}

const withTarget = (xml: string, key: string, text: string) =>
  xml.replace(new RegExp(`(<trans-unit id="${key}"[^>]*><source>)(.*?)(</source>)`), `$1$2$3<target state="translated">${text}</target>`);

beforeAll(async () => {
  server = await startServer();
  db = openDatabase(server.databasePath);
  for (const [name, lang] of [['rv_th', 'th'], ['rv_fr', 'fr'], ['tr_fr', 'fr']] as const) {
    await addMember(db, name, [{ role: name.startsWith('rv') ? 'reviewer' : 'translator', lang }]);
  }
  await addMember(db, 'coord', [{ role: 'coordinator', lang: null }]);
  for (const name of ['rv_th', 'rv_fr', 'tr_fr', 'coord']) people[name] = await signedIn(name);
  plain = loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'fr', viewer: null }, db).segments
    .filter((s) => s.translatable && s.codes.length === 0).map((s) => s.key);
}, 60_000);

afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

describe('downloads', () => {
  it('a French reviewer downloads XLIFF 1.2 and 2.0 and JSON with safe file names; EX-02: the Thai reviewer gets 403 for French', async () => {
    const x12 = await people.rv_fr.get(`${letter}/fr/export/xliff-1.2`);
    expect(x12.status).toBe(200);
    expect(x12.headers.get('content-type')).toBe('application/xliff+xml; charset=utf-8');
    expect(x12.headers.get('content-disposition')).toBe(`attachment; filename="itu-2012-sign-on-letter-fr.xliff12.xlf"; filename*=UTF-8''itu-2012-sign-on-letter-fr.xliff12.xlf`);
    expect(x12.headers.get('cache-control')).toBe('private, no-store');
    expect(await x12.text()).toContain('target-language="fr"');
    expect((await people.rv_fr.get(`${letter}/fr/export/xliff-2.0`)).status).toBe(200);
    expect((await people.rv_fr.get(`${letter}/fr/export/json`)).headers.get('content-type')).toBe('application/json; charset=utf-8');
    const refused = await people.rv_th.get(`${letter}/fr/export/xliff-1.2`, { Accept: 'application/json' });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatchObject({ code: 'forbidden', details: { need: 'export', lang: 'fr' } });
    expect((await people.tr_fr.get(`${letter}/fr/export/xliff-1.2`)).status).toBe(403);
    expect((await people.rv_fr.get(`${letter}/fr/export/pdf`)).status).toBe(404);
    expect((await new Client(server.url).get(`${letter}/fr/export/xliff-1.2`)).status).toBe(302);
  });

  it('EX-03: a file name with quotes and line breaks cannot break the header', () => {
    const header = contentDisposition('Campaign "2012"\r\nSet-Cookie: x=1.xlf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(`attachment; filename="Campaign _2012_Set-Cookie: x=1.xlf"; filename*=UTF-8''Campaign%20_2012_Set-Cookie%3A%20x%3D1.xlf`);
    expect(contentDisposition('ภาษาไทย.xlf')).toBe(`attachment; filename="_______.xlf"; filename*=UTF-8''%E0%B8%A0%E0%B8%B2%E0%B8%A9%E0%B8%B2%E0%B9%84%E0%B8%97%E0%B8%A2.xlf`);
  });
});

describe('bringing a file back', () => {
  it('upload → preview page → confirm, as a form without JavaScript; the editor shows the imported text', async () => {
    const exported = await (await people.rv_fr.get(`${letter}/fr/export/xliff-1.2`)).text();
    const back = withTarget(withTarget(exported, plain[0], 'Première phrase &amp; suite.'), plain[1], 'Deuxième phrase.');
    const uploaded = await upload(people.rv_fr, `${letter}/fr/xliff`, back);
    expect(uploaded.status).toBe(302);
    const previewPath = uploaded.headers.get('Location')!;
    expect(previewPath).toMatch(/^\/projects\/itu-2012\/sign-on-letter\/fr\/xliff\?preview=[A-Za-z0-9_-]+$/);
    const page = await (await people.rv_fr.get(previewPath)).text();
    expect(page).toContain('2 translations will be saved');
    expect(page).toContain('Première phrase &amp; suite.');
    expect(page).toMatch(/lang="fr" dir="ltr" class="target-text"/);
    expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM revisions WHERE origin = 'xliff-import'`)!.n).toBe(0);

    const token = await people.rv_fr.tokenFrom(previewPath);
    const id = new URL(previewPath, server.url).searchParams.get('preview')!;
    const applied = await people.rv_fr.post(`${letter}/fr/xliff`, { _csrf: token, intent: 'apply', id });
    expect(applied.status).toBe(302);
    expect(applied.headers.get('Location')).toBe(`${letter}/fr/xliff?imported=2`);
    expect(await (await people.rv_fr.get(applied.headers.get('Location')!)).text()).toContain('2 translations were saved from the file.');
    expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM revisions WHERE origin = 'xliff-import'`)!.n).toBe(2);
    const editor = await (await people.rv_fr.get(`${letter}/fr`)).text();
    expect(editor).toContain('Première phrase &amp; suite.');
    // The same preview cannot be applied twice.
    expect((await people.rv_fr.post(`${letter}/fr/xliff`, { _csrf: token, intent: 'apply', id }, { Accept: 'application/json' })).status).toBe(404);
  });

  it('the coordinator\'s project import takes an XLIFF file too (security.md E\'s endpoint); scripts apply in one step and get {changed}', async () => {
    const exported = await (await people.coord.get(`${letter}/fr/export/xliff-1.2`)).text();
    const back = withTarget(exported, plain[5], 'Sixième phrase.');
    const token = await people.coord.tokenFrom('/projects/itu-2012/import');
    const post = (apply: boolean) => {
      const form = new FormData();
      form.set('_csrf', token);
      form.set('intent', 'upload');
      if (apply) form.set('apply', 'yes');
      form.set('file', new Blob([back]), 'letter.fr.xlf');
      return people.coord.request('/projects/itu-2012/import', { method: 'POST', headers: { Origin: people.coord.origin, Accept: 'application/json' }, body: form });
    };
    const preview = await post(false);
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ document: 'sign-on-letter', lang: 'fr', counts: { changed: 1 } });
    const first = await post(true);
    expect(await first.json()).toMatchObject({ changed: 1 });
    const before = dumpTables(db);
    const second = await post(true);
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ changed: 0 });
    expect(dumpTables(db)).toBe(before);
  });

  it('a translator may not upload; a refused file shows its reason, changes nothing and is logged as rejected', async () => {
    const exported = await (await people.rv_fr.get(`${letter}/fr/export/xliff-1.2`)).text();
    const token = await people.tr_fr.tokenFrom(`${letter}/fr`);
    const form = new FormData();
    form.set('_csrf', token);
    form.set('intent', 'upload');
    form.set('file', new Blob([exported]), 'x.xlf');
    const refused = await people.tr_fr.request(`${letter}/fr/xliff`, { method: 'POST', headers: { Origin: people.tr_fr.origin, Accept: 'application/json' }, body: form });
    expect(refused.status).toBe(403);

    const before = dumpTables(db);
    const rejected = () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM import_log WHERE status = 'rejected'`)!.n;
    const count = rejected();
    const broken = await upload(people.rv_fr, `${letter}/fr/xliff`, exported.replace('</body>', ''));
    expect(broken.status).toBe(422);
    const html = await broken.text();
    expect(html).toMatch(/The file is not well-formed XML at line \d+, column \d+/);
    expect(dumpTables(db)).toBe(before);
    expect(rejected()).toBe(count + 1);
  });

  it('XL-04/05: a file over 10 MB answers 413 payload_too_large; a 200 MB body is refused before it is read', async () => {
    const exported = await (await people.rv_fr.get(`${letter}/fr/export/xliff-1.2`)).text();
    const padded = exported.replace('</body>', `<!-- ${'x'.repeat(10 * 1024 * 1024 + 1 - exported.length)} --></body>`);
    const big = await upload(people.rv_fr, `${letter}/fr/xliff`, padded, {}, { Accept: 'application/json' });
    expect(big.status).toBe(413);
    expect((await big.json()).error.code).toBe('payload_too_large');
    const token = await people.rv_fr.tokenFrom(`${letter}/fr/xliff`);
    const huge = await people.rv_fr.request(`${letter}/fr/xliff`, {
      method: 'POST',
      headers: { Origin: people.rv_fr.origin, Accept: 'application/json', 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(200 * 1024 * 1024) },
      body: `--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--x--\r\n`,
    }).catch((error: Error) => error);
    // Either the 413 itself or a closed connection once the server stops reading: never a 200 or a buffered body.
    if (huge instanceof Response) expect(huge.status).toBe(413);
    else expect(huge).toBeInstanceOf(Error);
  });
});

describe('translation memory download', () => {
  it('a French reviewer downloads the French memory as TMX; the Thai reviewer may not', async () => {
    const tmx = await people.rv_fr.get('/projects/itu-2012/memory/fr');
    expect(tmx.status).toBe(200);
    expect(tmx.headers.get('content-type')).toBe('application/x-tmx+xml; charset=utf-8');
    expect(tmx.headers.get('content-disposition')).toMatch(/^attachment; filename="itu-2012-fr-memory\.tmx"/);
    expect(await tmx.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<tmx version="1.4">/);
    const refused = await people.rv_th.get('/projects/itu-2012/memory/fr', { Accept: 'application/json' });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden');
  });
});
