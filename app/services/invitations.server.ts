import { createHash } from 'node:crypto';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { invitations, memberships, projects, users } from '../../db/schema';
import { checkNewPassword, normalizeEmail } from '~/domain/accounts';
import { AppError } from '~/domain/errors';
import { ROLES, type Role } from '~/domain/permissions';
import { newToken } from './auth.server';
import { mailConfigured, sendMail } from './mail.server';
import { getDb, inWriteTransaction, type Db, type WriteTx } from './database.server';
import { requireProject } from './imports.server';
import { hashPassword } from './passwords.server';
import { authorize } from './permissions.server';
import { projectTargets } from './projects.server';

/**
 * Invitations: a coordinator chooses an e-mail address and roles, and gets a link that works once for 7 days.
 * Only the SHA-256 of the link's token is stored, so a copy of the database hands out no invitation; the link
 * is shown to the coordinator once, when it is made. Accepting it gives roles in that one project only.
 */

export const INVITATION_DAYS = 7;

export interface InvitedRole {
  role: Role;
  /** null: every language of the project (always null for a coordinator). */
  lang: string | null;
}

type Reader = Pick<Db, 'select'>;

const tokenHashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Every used, expired, withdrawn or never-made link gets this same answer, so none of them says which it was. */
const invitationInvalid = () => new AppError('invitation_invalid', 410, 'this invitation link is not valid (used, expired or never made)');

/** The origin links are made for: the public one behind a reverse proxy, else the one the request came to. */
export function publicOrigin(requestUrl: string): string {
  const configured = (process.env.PUBLIC_ORIGIN ?? '').split(',')[0].trim().replace(/\/$/, '');
  return configured || new URL(requestUrl).origin;
}

/**
 * The roles of an invitation or a new membership, checked against the project: a known role, a language the
 * project translates into (or none: every language), none at all for a coordinator. Duplicates are dropped.
 */
export function checkRoles(roles: readonly InvitedRole[], targets: readonly string[]): InvitedRole[] {
  if (roles.length === 0) throw new AppError('role_required', 422, 'choose at least one role', { field: 'roles' });
  const checked: InvitedRole[] = [];
  for (const { role, lang } of roles) {
    if (!ROLES.includes(role)) throw new AppError('bad_request', 400, `no such role: ${role}`, { role });
    const scoped = role === 'coordinator' ? null : lang;
    if (scoped !== null && !targets.includes(scoped)) {
      throw new AppError('bad_request', 400, `this project does not translate into ${scoped}`, { lang: scoped });
    }
    if (!checked.some((c) => c.role === role && c.lang === scoped)) checked.push({ role, lang: scoped });
  }
  return checked;
}

/**
 * Makes an invitation and returns its link, the only time the link exists in full. Where mail is configured
 * (`SMTP_URL`) the link is also mailed, in the words `mail` gives; if the mail cannot go out, the invitation stays
 * and the answer says why (`mailed: false`, `mailError`), so the coordinator copies the link instead of losing it.
 */
export async function createInvitation(
  input: {
    actor: number; project: string; email: string; roles: readonly InvitedRole[]; origin: string;
    mail?: (invitation: { link: string; expiresAt: number; projectTitle: string }) => { subject: string; text: string };
  },
  db: Db = getDb(),
) {
  const project = requireProject(input.project, db);
  authorize(input.actor, 'manage', project, null, db);
  const email = normalizeEmail(input.email);
  const roles = checkRoles(input.roles, projectTargets(db, project.id));
  const token = newToken();
  const expiresAt = Date.now() + INVITATION_DAYS * 24 * 3600 * 1000;
  const created = inWriteTransaction(db, (tx) => {
    const [row] = tx.insert(invitations).values({
      tokenHash: tokenHashOf(token), projectId: project.id, email, roles: JSON.stringify(roles), createdBy: input.actor, expiresAt,
    }).returning({ id: invitations.id }).all();
    return row;
  });
  const link = `${input.origin}/invite/${token}`;
  let mailed: boolean | null = null;
  let mailError: string | null = null;
  if (mailConfigured() && input.mail) {
    try {
      await sendMail({ to: email, ...input.mail({ link, expiresAt, projectTitle: project.title }) });
      mailed = true;
    } catch (error) {
      mailed = false;
      mailError = error instanceof Error ? error.message : String(error);
    }
  }
  return { id: created.id, email, roles, expiresAt, link, token, mailed, mailError };
}

/** Invitations of a project not accepted yet (expired ones too, so a coordinator sees who never came). */
export function openInvitations(projectId: number, db: Reader = getDb()) {
  return db.select({ id: invitations.id, email: invitations.email, roles: invitations.roles, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations).where(and(eq(invitations.projectId, projectId), isNull(invitations.acceptedAt)))
    .orderBy(asc(invitations.createdAt), asc(invitations.id)).all()
    .map((row) => ({ ...row, roles: rolesOf(row.roles), expired: row.expiresAt <= Date.now() }));
}

/** Withdrawing deletes the invitation: its link then answers like any invalid one. */
export function withdrawInvitation(input: { actor: number; project: string; invitationId: number }, db: Db = getDb()): void {
  const project = requireProject(input.project, db);
  inWriteTransaction(db, (tx) => {
    authorize(input.actor, 'manage', project, null, tx);
    const deleted = tx.delete(invitations)
      .where(and(eq(invitations.id, input.invitationId), eq(invitations.projectId, project.id), isNull(invitations.acceptedAt))).run();
    if (deleted.changes === 0) throw new AppError('not_found', 404, 'no such open invitation', { invitation: input.invitationId });
  });
}

/** What the invited person sees before accepting: who invited them, to what, with which roles. */
export function describeInvitation(token: string, db: Reader = getDb()) {
  const invitation = findUsable(db, token);
  if (!invitation) throw invitationInvalid();
  const project = db.select({ slug: projects.slug, title: projects.title }).from(projects).where(eq(projects.id, invitation.projectId)).get()!;
  const inviter = db.select({ name: users.name }).from(users).where(eq(users.id, invitation.createdBy)).get()!;
  const account = db.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).get();
  return {
    project, inviter: inviter.name, email: invitation.email, roles: rolesOf(invitation.roles), expiresAt: invitation.expiresAt,
    accountExists: !!account,
  };
}

/**
 * For an address with no account yet: creates the account — with no role of its own, unlike `createUser`, so an
 * invitee never gets a role over every project — then the invited roles, and uses up the link, all in one
 * transaction. The caller signs the person in.
 */
export async function acceptInvitationWithNewAccount(input: { token: string; name: string; password: string }, db: Db = getDb()) {
  if (!findUsable(db, input.token)) throw invitationInvalid();
  checkNewPassword(input.password);
  // Hashed before the transaction: argon2 takes a while and must not hold the write lock.
  const passwordHash = await hashPassword(input.password);
  return inWriteTransaction(db, (tx) => {
    const invitation = findUsable(tx, input.token);
    if (!invitation) throw invitationInvalid();
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email)).get()) {
      throw new AppError('email_taken', 409, 'an account with this e-mail address exists already; sign in to accept', { field: 'email' });
    }
    const name = input.name.trim() || invitation.email.split('@')[0];
    const [user] = tx.insert(users).values({ email: invitation.email, name, passwordHash }).returning({ id: users.id, email: users.email }).all();
    grantInvitedRoles(tx, invitation, user.id);
    return user;
  });
}

/** For an address that has an account: the signed-in owner of that very account accepts, and gets the roles. */
export function acceptInvitationAsUser(input: { token: string; userId: number }, db: Db = getDb()): void {
  inWriteTransaction(db, (tx) => {
    const invitation = findUsable(tx, input.token);
    if (!invitation) throw invitationInvalid();
    const user = tx.select({ email: users.email }).from(users).where(eq(users.id, input.userId)).get();
    // The link is the invitee's; forwarded to someone else, it must not hand them the roles.
    if (user?.email !== invitation.email) throw new AppError('forbidden', 403, 'this invitation is for another e-mail address');
    grantInvitedRoles(tx, invitation, input.userId);
  });
}

type Invitation = typeof invitations.$inferSelect;

function findUsable(db: Reader, token: string): Invitation | null {
  // Tokens are 32 bytes in base64url; anything else was never made here and needs no lookup.
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  return db.select().from(invitations)
    .where(and(eq(invitations.tokenHash, tokenHashOf(token)), isNull(invitations.acceptedAt), gt(invitations.expiresAt, Date.now())))
    .get() ?? null;
}

/** Adds the invited roles for the invitation's project only (none the person holds there already) and uses the link up. */
function grantInvitedRoles(tx: WriteTx, invitation: Invitation, userId: number) {
  const held = tx.select({ role: memberships.role, lang: memberships.lang }).from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.projectId, invitation.projectId))).all();
  for (const { role, lang } of rolesOf(invitation.roles)) {
    if (held.some((h) => h.role === role && h.lang === lang)) continue;
    tx.insert(memberships).values({ userId, projectId: invitation.projectId, role, lang }).run();
  }
  const used = tx.update(invitations).set({ acceptedAt: Date.now(), acceptedBy: userId })
    .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt))).run();
  if (used.changes !== 1) throw invitationInvalid();
}

function rolesOf(json: string): InvitedRole[] {
  return JSON.parse(json) as InvitedRole[];
}
