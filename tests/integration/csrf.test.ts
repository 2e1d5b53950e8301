import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { createUser } from '~/services/auth.server';
import type { Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import { createInvitation } from '~/services/invitations.server';
import { storePendingImport } from '~/services/imports.server';
import { Client } from '../support/client';
import { dumpTables, freshDatabaseFile } from '../support/db';
import { startServer, type RunningServer } from '../support/server';

interface RouteEntry {
  id: string;
  path?: string;
  index?: boolean;
  parentId?: string;
  module: { action?: unknown; loader?: unknown };
}

let server: RunningServer;
let db: Db;
let routes: RouteEntry[];
let signedIn: Client;
let segmentKey: string;
let pendingId: string;
let inviteToken: string;

/** Every route of the built app with a concrete URL (params filled with seeded values). */
function concreteUrl(route: RouteEntry): string {
  const parts: string[] = [];
  for (let r: RouteEntry | undefined = route; r; r = routes.find((x) => x.id === r!.parentId)) if (r.path) parts.unshift(r.path);
  const filled = parts.join('/').replace(':project', 'itu-2012').replace(':document', 'sign-on-letter').replace(':lang', 'ur').replace(':segment', segmentKey).replace(':pending', pendingId).replace(':token', inviteToken);
  return `/${filled}${route.index ? '?index' : ''}`.replace(/\/+/g, '/');
}

const securityLogCount = () => (db.$client.prepare("SELECT count(*) AS n FROM security_log WHERE kind = 'csrf_rejected'").get() as { n: number }).n;

beforeAll(async () => {
  server = await startServer();
  db = openDatabase(server.databasePath);
  // The built server module lists the routes; importing it opens a database of its own, so give it a scratch file.
  process.env.DATABASE_PATH = freshDatabaseFile();
  const build = await import(pathToFileURL(path.resolve('build/index.js')).href);
  routes = Object.values(build.routes as Record<string, RouteEntry>);
  const victim = await createUser({ email: 'victim@example.org', password: 'a long passphrase', role: 'coordinator' }, db);
  // An upload waiting for confirmation, so its page and its actions exist for the crawl.
  pendingId = await storePendingImport({
    projectSlug: 'itu-2012', documentSlug: 'waiting', title: null, fileName: 'waiting.txt', bytes: Buffer.from('Waiting.'), declaredType: null, userId: victim.id,
  }, db);
  // An open invitation, so the crawl reaches the real invitation page and its action.
  inviteToken = (await createInvitation({ actor: victim.id, project: 'itu-2012', email: 'invitee@example.org', roles: [{ role: 'translator', lang: 'th' }], origin: server.url }, db)).token;
  signedIn = new Client(server.url);
  expect((await signedIn.signIn('victim@example.org', 'a long passphrase')).status).toBe(302);
  segmentKey = loadEditor({ project: 'itu-2012', document: 'sign-on-letter', lang: 'ur', viewer: null }, db).segments.find((s) => s.translatable)!.key;
});
afterAll(async () => {
  db?.$client.close();
  await server?.stop();
});

describe('CSRF: every mutation refuses a request that is not from our own pages (security.md A)', () => {
  it('finds the mutating routes (login and logout among them)', () => {
    const withAction = routes.filter((r) => r.module.action).map(concreteUrl);
    expect(withAction).toEqual(expect.arrayContaining(['/login', '/logout', '/setup', '/projects/itu-2012/sign-on-letter/ur']));
  });

  const attacks: [string, (origin: string) => Record<string, string>][] = [
    ['a foreign Origin', () => ({ Origin: 'https://evil.example' })],
    ['Sec-Fetch-Site: cross-site without Origin', () => ({ Origin: '', 'Sec-Fetch-Site': 'cross-site' })],
    ['no Origin, Sec-Fetch-Site or Referer', () => ({ Origin: '' })],
    ['a foreign Referer without Origin', () => ({ Origin: '', Referer: 'https://evil.example/page' })],
  ];

  for (const [name, headersFor] of attacks) {
    it(`answers 403 csrf_rejected to ${name}, on every action, with a valid session and token, changing nothing`, async () => {
      const token = await signedIn.tokenFrom('/projects/itu-2012/sign-on-letter/ur');
      for (const route of routes.filter((r) => r.module.action)) {
        const url = concreteUrl(route);
        const before = dumpTables(db);
        const logged = securityLogCount();
        const headers = Object.fromEntries(Object.entries({ Accept: 'application/json', ...headersFor(signedIn.origin) }).filter(([, v]) => v !== ''));
        // Client.post adds our Origin; an empty Origin here means "send none".
        const response = await signedIn.request(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams({
            _csrf: token, save: segmentKey, [`text.${segmentKey}`]: 'pwned', [`version.${segmentKey}`]: '0', email: 'evil@example.org',
            password: 'a long passphrase', revisionId: '1',
          }).toString(),
        });
        expect({ url, status: response.status }).toEqual({ url, status: 403 });
        expect((await response.json()).error.code).toBe('csrf_rejected');
        expect(dumpTables(db)).toBe(before);
        expect(securityLogCount()).toBe(logged + 1);
      }
    });
  }

  it('CSRF-04: refuses a same-origin post without the form token (missing_token_in_body), on every action', async () => {
    const anonymous = new Client(server.url);
    await anonymous.get('/login'); // gets the pre-session cookie, as a visitor would
    // Sign-in is for visitors without a session (it sends signed-in people home); the rest need one. Setup
    // exists only before the first account (it redirects to /login after): http.test.ts covers it then.
    const visitorRoutes = ['/login'];
    for (const route of routes.filter((r) => r.module.action)) {
      const url = concreteUrl(route);
      if (url === '/setup') continue;
      const client = visitorRoutes.includes(url) ? anonymous : signedIn;
      const before = dumpTables(db);
      const response = await client.post(url, { save: segmentKey, [`text.${segmentKey}`]: 'x', [`version.${segmentKey}`]: '0', email: 'x@example.org', password: 'a long passphrase' }, { Accept: 'application/json' });
      const body = await response.json();
      expect({ url, status: response.status, code: body.error?.code, reason: body.error?.details?.reason })
        .toEqual({ url, status: 403, code: 'csrf_rejected', reason: 'missing_token_in_body' });
      expect(dumpTables(db)).toBe(before);
    }
  });

  it('refuses a token that belongs to another session', async () => {
    const other = new Client(server.url);
    await createUser({ email: 'other@example.org', password: 'a long passphrase', role: 'translator' }, db);
    await other.signIn('other@example.org', 'a long passphrase');
    const othersToken = await other.tokenFrom('/projects/itu-2012/sign-on-letter/ur');
    const response = await signedIn.post('/projects/itu-2012/sign-on-letter/ur', { _csrf: othersToken, save: segmentKey, [`text.${segmentKey}`]: 'x', [`version.${segmentKey}`]: '0' }, { Accept: 'application/json' });
    expect(response.status).toBe(403);
    expect((await response.json()).error.details.reason).toBe('token_mismatch');
  });

  it('CSRF-05: GET and HEAD of every page change nothing in the database', async () => {
    const before = dumpTables(db);
    for (const route of routes.filter((r) => r.module.loader)) {
      for (const method of ['GET', 'HEAD']) {
        for (const client of [signedIn, new Client(server.url)]) {
          const response = await client.request(concreteUrl(route), { method });
          expect(response.status).toBeLessThan(500);
        }
      }
    }
    expect(dumpTables(db)).toBe(before);
  });
});
