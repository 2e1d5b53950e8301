import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection';
import { memberships } from '../../db/schema';
import { AppError } from '~/domain/errors';
import { createUser, findSessionUser, login } from '~/services/auth.server';
import { inWriteTransaction, type Db } from '~/services/database.server';
import { loadEditor } from '~/services/editor.server';
import {
  acceptInvitationAsUser, acceptInvitationWithNewAccount, createInvitation, describeInvitation, withdrawInvitation, type InvitedRole,
} from '~/services/invitations.server';
import { addMemberRole, loadMembers, revokeMemberRole } from '~/services/members.server';
import { can } from '~/services/permissions.server';
import { createProject } from '~/services/projects.server';
import { saveTranslation } from '~/services/translations.server';
import { Client } from '../support/client';
import { freshDb } from '../support/db';
import { startServer, type RunningServer } from '../support/server';

const PASSWORD = 'a long passphrase';
const project = 'itu-2012';

async function refusal(work: () => unknown): Promise<AppError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const rolesOf = (db: Db, userId: number) =>
  db.all<{ project_id: number | null; role: string; lang: string | null }>(sql`SELECT project_id, role, lang FROM memberships WHERE user_id = ${userId} ORDER BY id`);
const invitationCount = (db: Db) => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM invitations`)!.n;

describe('invitations and roles (service)', () => {
  let db: Db;
  let coordinatorId: number;
  let projectId: number;
  const invite = (roles: InvitedRole[], email = 'somchai@example.org', actor = coordinatorId) =>
    createInvitation({ actor, project, email, roles, origin: 'https://letters.example.org' }, db);

  beforeEach(async () => {
    db = freshDb();
    coordinatorId = (await createUser({ email: 'coord@example.org', name: 'Coordinator', password: PASSWORD, role: 'coordinator' }, db)).id;
    projectId = db.get<{ id: number }>(sql`SELECT id FROM projects WHERE slug = ${project}`)!.id;
  });
  afterEach(() => {
    delete process.env.SMTP_URL;
    db.$client.close();
  });

  it('a coordinator invites by e-mail and gets a one-time link; only its SHA-256 is kept', async () => {
    const invited = await invite([{ role: 'translator', lang: 'th' }], '  Somchai@Example.org ');
    expect(invited.link).toMatch(/^https:\/\/letters\.example\.org\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = invited.link.split('/').pop()!;
    const stored = db.all<Record<string, unknown>>(sql`SELECT * FROM invitations`);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      email: 'somchai@example.org', token_hash: createHash('sha256').update(token).digest('hex'), created_by: coordinatorId, accepted_at: null,
    });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0].expires_at as number).toBeGreaterThan(Date.now() + 6.9 * 24 * 3600 * 1000);
    expect(describeInvitation(token, db)).toMatchObject({
      project: { slug: project }, inviter: 'Coordinator', email: 'somchai@example.org', roles: [{ role: 'translator', lang: 'th' }], accountExists: false,
    });
  });

  it('a translator may not invite (403), and no invitation is made', async () => {
    const translator = await createUser({ email: 'nadia@example.org', password: PASSWORD, role: 'translator' }, db);
    const error = await refusal(() => invite([{ role: 'coordinator', lang: null }], 'friend@example.org', translator.id));
    expect(error).toMatchObject({ code: 'forbidden', status: 403 });
    expect(invitationCount(db)).toBe(0);
  });

  it('an invitation needs a role, and languages the project translates into', async () => {
    expect(await refusal(() => invite([]))).toMatchObject({ code: 'role_required', status: 422 });
    expect(await refusal(() => invite([{ role: 'reviewer', lang: 'de' }]))).toMatchObject({ code: 'bad_request', details: { lang: 'de' } });
    expect(await refusal(() => invite([{ role: 'translator', lang: null }], 'not an address'))).toMatchObject({ code: 'invalid_email' });
    expect(invitationCount(db)).toBe(0);
  });

  it('accepting creates the account with exactly the invited roles, in this project only', async () => {
    const { token } = await invite([{ role: 'translator', lang: 'th' }, { role: 'reviewer', lang: 'fr' }]);
    const account = await acceptInvitationWithNewAccount({ token, name: 'Somchai', password: PASSWORD }, db);
    expect(rolesOf(db, account.id)).toEqual([
      { project_id: projectId, role: 'translator', lang: 'th' },
      { project_id: projectId, role: 'reviewer', lang: 'fr' },
    ]);
    // The new account signs in with the password it chose.
    expect((await login({ email: 'somchai@example.org', password: PASSWORD, previousToken: null }, db)).user).toMatchObject({ id: account.id, name: 'Somchai' });
    expect(can(account.id, 'translate', projectId, 'th', db)).toBe(true);
    expect(can(account.id, 'review', projectId, 'fr', db)).toBe(true);
    expect(can(account.id, 'translate', projectId, 'ur', db)).toBe(false);
    expect(can(account.id, 'manage', projectId, null, db)).toBe(false);
    const other = inWriteTransaction(db, (tx) => createProject(tx, { slug: 'other', title: 'Other', sourceLang: 'en', targets: ['th'] }));
    expect(can(account.id, 'read', other.id, null, db)).toBe(false);
  });

  it('a link works once: the second use answers invitation_invalid and creates nothing', async () => {
    const { token } = await invite([{ role: 'translator', lang: 'th' }]);
    await acceptInvitationWithNewAccount({ token, name: 'Somchai', password: PASSWORD }, db);
    expect(await refusal(() => describeInvitation(token, db))).toMatchObject({ code: 'invitation_invalid', status: 410 });
    const again = await refusal(() => acceptInvitationWithNewAccount({ token, name: 'Intruder', password: 'another passphrase' }, db));
    expect(again).toMatchObject({ code: 'invitation_invalid', status: 410 });
    expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM users`)!.n).toBe(2);
  });

  it('an expired link is refused with the same answer as a link never made', async () => {
    const { token } = await invite([{ role: 'translator', lang: 'th' }]);
    db.run(sql`UPDATE invitations SET expires_at = ${Date.now() - 1000}`);
    const expired = await refusal(() => describeInvitation(token, db));
    const neverMade = await refusal(() => describeInvitation('A'.repeat(43), db));
    expect(expired.toJSON()).toEqual(neverMade.toJSON());
    expect(expired.status).toBe(410);
    expect(await refusal(() => acceptInvitationWithNewAccount({ token, name: 'Late', password: PASSWORD }, db))).toMatchObject({ code: 'invitation_invalid' });
    expect(db.get(sql`SELECT count(*) AS n FROM users WHERE email = 'somchai@example.org'`)).toEqual({ n: 0 });
  });

  it('a withdrawn invitation\'s link no longer works', async () => {
    const invited = await invite([{ role: 'translator', lang: 'th' }]);
    withdrawInvitation({ actor: coordinatorId, project, invitationId: invited.id }, db);
    expect(await refusal(() => describeInvitation(invited.token, db))).toMatchObject({ code: 'invitation_invalid' });
    expect(loadMembers({ actor: coordinatorId, project }, db).invitations).toEqual([]);
  });

  it('a person with an account accepts as themselves, and the invited roles join the ones they had', async () => {
    const nadia = await createUser({ email: 'nadia@example.org', password: PASSWORD, role: 'translator' }, db);
    const { token } = await invite([{ role: 'reviewer', lang: 'ur' }], 'nadia@example.org');
    expect(describeInvitation(token, db).accountExists).toBe(true);
    // Someone else signed in with the forwarded link gets nothing.
    const stranger = await createUser({ email: 'stranger@example.org', password: PASSWORD, role: 'translator' }, db);
    expect(await refusal(() => acceptInvitationAsUser({ token, userId: stranger.id }, db))).toMatchObject({ code: 'forbidden', status: 403 });
    expect(can(stranger.id, 'review', projectId, 'ur', db)).toBe(false);
    // Nor can an account be made for an address that has one.
    expect(await refusal(() => acceptInvitationWithNewAccount({ token, name: 'Nadia', password: PASSWORD }, db))).toMatchObject({ code: 'email_taken' });

    acceptInvitationAsUser({ token, userId: nadia.id }, db);
    expect(rolesOf(db, nadia.id)).toEqual([
      { project_id: null, role: 'translator', lang: null },
      { project_id: projectId, role: 'reviewer', lang: 'ur' },
    ]);
    expect(can(nadia.id, 'review', projectId, 'ur', db)).toBe(true);
    expect(await refusal(() => acceptInvitationAsUser({ token, userId: nadia.id }, db))).toMatchObject({ code: 'invitation_invalid' });
  });

  it('revoking reviewer(th) takes effect at once, in the session already open (security.md AUTH-09)', async () => {
    const { token } = await invite([{ role: 'reviewer', lang: 'th' }, { role: 'translator', lang: 'th' }], 'reviewer@example.org');
    const reviewer = await acceptInvitationWithNewAccount({ token, name: 'Reviewer', password: PASSWORD }, db);
    const session = await login({ email: 'reviewer@example.org', password: PASSWORD, previousToken: null }, db);
    expect(can(reviewer.id, 'review', projectId, 'th', db)).toBe(true);

    const reviewerRole = loadMembers({ actor: coordinatorId, project }, db).people
      .find((p) => p.userId === reviewer.id)!.roles.find((r) => r.role === 'reviewer')!;
    revokeMemberRole({ actor: coordinatorId, project, membershipId: reviewerRole.membershipId }, db);

    expect(findSessionUser(session.token, db)).toMatchObject({ id: reviewer.id });
    expect(can(reviewer.id, 'review', projectId, 'th', db)).toBe(false);
    expect(can(reviewer.id, 'translate', projectId, 'th', db)).toBe(true);
  });

  it('a coordinator cannot remove their own last coordinator role, but can once another one keeps them in', async () => {
    const { token } = await invite([{ role: 'coordinator', lang: null }], 'lead@example.org');
    const lead = await acceptInvitationWithNewAccount({ token, name: 'Lead', password: PASSWORD }, db);
    const own = () => loadMembers({ actor: lead.id, project }, db).people.find((p) => p.userId === lead.id)!.roles;
    const error = await refusal(() => revokeMemberRole({ actor: lead.id, project, membershipId: own()[0].membershipId }, db));
    expect(error).toMatchObject({ code: 'last_coordinator', status: 409 });
    expect(can(lead.id, 'manage', projectId, null, db)).toBe(true);

    // A project coordinator may not strip a role over every project (the first account's) either.
    const global = loadMembers({ actor: lead.id, project }, db).people.find((p) => p.userId === coordinatorId)!.roles[0];
    expect(await refusal(() => revokeMemberRole({ actor: lead.id, project, membershipId: global.membershipId }, db))).toMatchObject({ status: 403 });

    addMemberRole({ actor: coordinatorId, project, userId: lead.id, role: 'translator', lang: 'es' }, db);
    revokeMemberRole({ actor: coordinatorId, project, membershipId: own()[0].membershipId }, db);
    expect(can(lead.id, 'manage', projectId, null, db)).toBe(false);
    expect(can(lead.id, 'translate', projectId, 'es', db)).toBe(true);
  });

  it('the members list shows each person\'s roles here and their last activity, and the open invitations', async () => {
    const { token } = await invite([{ role: 'translator', lang: 'ur' }], 'amina@example.org');
    const amina = await acceptInvitationWithNewAccount({ token, name: 'Amina', password: PASSWORD }, db);
    await invite([{ role: 'reviewer', lang: null }], 'later@example.org');
    const before = loadMembers({ actor: coordinatorId, project }, db);
    expect(before.people.find((p) => p.userId === amina.id)).toMatchObject({
      name: 'Amina', email: 'amina@example.org', lastActivity: null, roles: [{ role: 'translator', lang: 'ur', allProjects: false }],
    });
    expect(before.people.find((p) => p.userId === coordinatorId)!.roles).toMatchObject([{ role: 'coordinator', lang: null, allProjects: true }]);
    expect(before.invitations).toMatchObject([{ email: 'later@example.org', roles: [{ role: 'reviewer', lang: null }], expired: false }]);

    const segment = loadEditor({ project, document: 'sign-on-letter', lang: 'ur', viewer: null }, db).segments.find((s) => s.translatable && s.codes.length === 0)!;
    saveTranslation({ project, document: 'sign-on-letter', lang: 'ur', segment: segment.key, userId: amina.id, text: 'پہلا ترجمہ', baseVersion: 0, needsWork: false }, db);
    const after = loadMembers({ actor: coordinatorId, project }, db).people.find((p) => p.userId === amina.id)!;
    expect(after.lastActivity).toBeGreaterThan(Date.now() - 60_000);
    expect(await refusal(() => loadMembers({ actor: amina.id, project }, db))).toMatchObject({ code: 'forbidden', status: 403 });
  });

  /** A real SMTP server on a free local port (nodemailer's own smtp-server), keeping what it is sent. */
  async function smtpServer(refuse: string | null = null) {
    const received: { to: string[]; raw: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        callback(refuse ? Object.assign(new Error(refuse), { responseCode: 550 }) : undefined);
      },
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => { raw += chunk.toString('utf8'); });
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  const mail = ({ link, projectTitle }: { link: string; projectTitle: string }) => ({ subject: `Join ${projectTitle}`, text: `Open ${link} to join.` });

  it('with SMTP_URL set, the link also goes out by e-mail to the invited address', async () => {
    const smtp = await smtpServer();
    try {
      process.env.SMTP_URL = smtp.url;
      const invited = await createInvitation({ actor: coordinatorId, project, email: 'somchai@example.org', roles: [{ role: 'translator', lang: 'th' }], origin: 'https://letters.example.org', mail }, db);
      expect(invited).toMatchObject({ mailed: true, mailError: null });
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0].to).toEqual(['somchai@example.org']);
      // Quoted-printable may fold long lines: unfold before looking for the link.
      expect(smtp.received[0].raw.replace(/=\r?\n/g, '')).toContain(invited.link);
      expect(smtp.received[0].raw).toMatch(/^Subject: .*Join/m); // an encoded word: the title has a dash
    } finally {
      await smtp.close();
    }
  });

  it('when the mail server refuses, the invitation stays and the answer says why, so the link can be copied', async () => {
    const smtp = await smtpServer('mailbox unavailable');
    try {
      process.env.SMTP_URL = smtp.url;
      const invited = await createInvitation({ actor: coordinatorId, project, email: 'somchai@example.org', roles: [{ role: 'translator', lang: 'th' }], origin: 'https://letters.example.org', mail }, db);
      expect(invited.mailed).toBe(false);
      expect(invited.mailError).toMatch(/mailbox unavailable/);
      expect(invitationCount(db)).toBe(1);
      expect(describeInvitation(invited.token, db)).toMatchObject({ email: 'somchai@example.org' });
    } finally {
      await smtp.close();
    }
  });

  it('without SMTP_URL nothing is mailed: the coordinator copies the link', async () => {
    const invited = await invite([{ role: 'translator', lang: 'th' }]);
    expect(invited).toMatchObject({ mailed: null, mailError: null });
  });
});

describe('invitations over HTTP (the real server)', () => {
  let server: RunningServer;
  let db: Db;
  let coordinator: Client;
  const membersPage = `/projects/${project}/members`;

  beforeAll(async () => {
    server = await startServer();
    db = openDatabase(server.databasePath);
    await createUser({ email: 'coord@example.org', name: 'Coordinator', password: PASSWORD, role: 'coordinator' }, db);
    coordinator = new Client(server.url);
    expect((await coordinator.signIn('coord@example.org', PASSWORD)).status).toBe(302);
  });
  afterAll(async () => {
    db?.$client.close();
    await server?.stop();
  });

  /** Posts the invite form as the coordinator's browser would, and reads the link off the page it gets back. */
  async function inviteThroughPage(email: string, roles: string[]): Promise<string> {
    const token = await coordinator.tokenFrom(membersPage);
    const fields = Object.fromEntries([['_csrf', token], ['intent', 'invite'], ['email', email], ...roles.map((r) => [`role.${r}`, 'on'])]);
    const response = await coordinator.post(membersPage, fields);
    expect(response.status).toBe(200);
    const html = await response.text();
    const link = /value="(https?:\/\/[^"]+\/invite\/[A-Za-z0-9_-]{43})"/.exec(html);
    expect(link).not.toBeNull();
    return new URL(link![1]).pathname;
  }

  it('a coordinator invites a Thai translator, who opens the link, sets a password, is signed in, and may only translate', async () => {
    const link = await inviteThroughPage('somchai@example.org', ['translator:th']);
    // Shown once: the members page lists the invitation afterwards, never its link.
    const later = await (await coordinator.get(membersPage)).text();
    expect(later).toContain('somchai@example.org');
    expect(later).not.toContain(link);

    const invitee = new Client(server.url);
    const page = await invitee.get(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Coordinator invited you (somchai@example.org)');
    const roles = /<ul class="roles">.*?<\/ul>/s.exec(html)?.[0].replace(/<!-- -->/g, '');
    expect(roles).toMatch(/Translator · <span lang="th" dir="ltr"[^>]*>ไทย<\/span>/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
    const created = await invitee.post(link, { _csrf: csrf, intent: 'create-account', name: 'Somchai', password: PASSWORD });
    expect(created.status).toBe(302);
    expect(created.headers.get('Location')).toBe('/');
    expect(created.headers.get('Set-Cookie')).toMatch(/^__Host-session=[^;]+;.*HttpOnly/);

    expect((await invitee.get('/')).status).toBe(200);
    expect((await invitee.get(`/projects/${project}/sign-on-letter/th`)).status).toBe(200);
    expect((await invitee.get(`/projects/${project}/import`)).status).toBe(403);
    expect((await invitee.get(membersPage)).status).toBe(403);
    const members = await (await coordinator.get(membersPage)).text();
    expect(members).toContain('Somchai');

    // The link is used up: opening it again shows the invalid-link page.
    const reused = await new Client(server.url).get(link);
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain('This invitation link is not valid');
  });

  it('a translator posting to the members page gets 403, and no invitation is made', async () => {
    const link = await inviteThroughPage('nadia@example.org', ['translator:ur']);
    const nadia = new Client(server.url);
    const csrf = await nadia.tokenFrom(link);
    expect((await nadia.post(link, { _csrf: csrf, intent: 'create-account', name: 'Nadia', password: PASSWORD })).status).toBe(302);
    const before = invitationCount(db);
    const token = await nadia.tokenFrom('/');
    const response = await nadia.post(membersPage, { _csrf: token, intent: 'invite', email: 'friend@example.org', 'role.coordinator': 'on' }, { Accept: 'application/json' });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
    expect(invitationCount(db)).toBe(before);
  });

  it('someone who already has an account signs in first, comes back to the link and accepts', async () => {
    await createUser({ email: 'omar@example.org', name: 'Omar', password: PASSWORD, role: 'translator' }, db);
    const link = await inviteThroughPage('omar@example.org', ['reviewer:fr']);
    const omar = new Client(server.url);
    const page = await (await omar.get(link)).text();
    const signIn = `/login?next=${encodeURIComponent(link)}`;
    expect(page).toContain(`href="${signIn.replace(/&/g, '&amp;')}"`);
    const loginToken = await omar.tokenFrom(signIn);
    const signedIn = await omar.post('/login', { _csrf: loginToken, email: 'omar@example.org', password: PASSWORD, next: link });
    expect(signedIn.headers.get('Location')).toBe(link);
    const accepted = await omar.post(link, { _csrf: await omar.tokenFrom(link), intent: 'accept' });
    expect(accepted.status).toBe(302);
    const omarId = db.get<{ id: number }>(sql`SELECT id FROM users WHERE email = 'omar@example.org'`)!.id;
    expect(db.select().from(memberships).all().filter((m) => m.userId === omarId).map((m) => [m.role, m.lang, m.projectId !== null]))
      .toEqual([['translator', null, false], ['reviewer', 'fr', true]]);
  });
});
