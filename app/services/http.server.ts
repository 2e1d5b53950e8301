import { timingSafeEqual } from 'node:crypto';
import { data, redirect } from '@remix-run/node';
import { AppError, type ErrorBody } from '~/domain/errors';
import { checkRequestOrigin } from '~/domain/request-origin';
import { decodeUtf8Strict } from '~/domain/text/utf8';
import { countUsers, findSessionUser, newToken, type SessionUser } from './auth.server';
import { preSessionCookieName, readCookie, serializePreSessionCookie, sessionCookieName } from './session-cookie.server';
import { logSecurityEvent } from './security-log.server';

/**
 * The one door for every request that is not public: who is asking (server-side session read from the
 * database each time), and for mutations whether the request comes from our own pages (Origin checks plus
 * the per-session form token), with body size limits enforced while reading.
 */

/** Forms are small; a body larger than this is refused with 413 before it is buffered. */
export const FORM_BODY_LIMIT = 64 * 1024;
/** No single field of a form may be larger than this (a segment's text is far smaller), whatever the body limit. */
export const FORM_FIELD_LIMIT = 64 * 1024;

export function sessionToken(request: Request): string | null {
  return readCookie(request, sessionCookieName());
}

// The root loader and the page's own loader both ask; one database read per request is enough.
const usersOfRequests = new WeakMap<Request, SessionUser | null>();

export function currentUser(request: Request): SessionUser | null {
  const known = usersOfRequests.get(request);
  if (known !== undefined) return known;
  const token = sessionToken(request);
  const user = token ? findSessionUser(token) : null;
  usersOfRequests.set(request, user);
  return user;
}

/** For loaders of pages that need a session: a visitor without one goes to the login (or first setup). */
export function requireUser(request: Request): SessionUser {
  const user = currentUser(request);
  if (user) return user;
  if (wantsJson(request)) throw errorData(new AppError('unauthenticated', 401, 'sign in first'));
  if (countUsers() === 0) throw redirect('/setup');
  const url = new URL(request.url);
  const next = url.pathname + url.search;
  throw redirect(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
}

/** A machine asking for JSON (DESIGN.md "Errors for machines") rather than a person's browser asking for pages. */
export function wantsJson(request: { headers: Headers }): boolean {
  const accept = request.headers.get('Accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

export interface UploadedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** Form fields read strictly: every value decoded as UTF-8 (invalid bytes are refused, never replaced). */
export class FormFields {
  constructor(
    private readonly entries: ReadonlyArray<readonly [string, string]>,
    private readonly files: ReadonlyMap<string, UploadedFile> = new Map(),
  ) {}
  file(name: string): UploadedFile | null {
    return this.files.get(name) ?? null;
  }
  get(name: string): string | null {
    return this.entries.find(([key]) => key === name)?.[1] ?? null;
  }
  has(name: string): boolean {
    return this.entries.some(([key]) => key === name);
  }
  all(name: string): string[] {
    return this.entries.filter(([key]) => key === name).map(([, value]) => value);
  }
  names(): string[] {
    return [...new Set(this.entries.map(([key]) => key))];
  }
  largestField(): { name: string; bytes: number } | null {
    let largest: { name: string; bytes: number } | null = null;
    for (const [name, value] of this.entries) {
      // A UTF-16 code unit is at most 3 UTF-8 bytes: only long values need counting.
      if (value.length * 3 <= (largest?.bytes ?? 0)) continue;
      const bytes = Buffer.byteLength(value, 'utf8');
      if (!largest || bytes > largest.bytes) largest = { name, bytes };
    }
    return largest;
  }
}

export interface Mutation {
  user: SessionUser | null;
  form: FormFields;
}

/** What the origin check needs of a request: the HTTP server's gate has no Fetch Request yet. */
export interface RequestHead {
  method: string;
  url: string;
  headers: Headers;
}

/** The origins our own pages are served from: the request's own, plus `PUBLIC_ORIGIN` behind a proxy. */
function ownOrigins(request: RequestHead): string[] {
  const origins = [new URL(request.url).origin];
  for (const origin of (process.env.PUBLIC_ORIGIN ?? '').split(',')) if (origin.trim()) origins.push(origin.trim().replace(/\/$/, ''));
  return origins;
}

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The origin half of CSRF protection, for any request: null when it may proceed, else the refusal
 * (logged). The HTTP server runs it before Remix; `readMutation` runs it again for every action.
 */
export function refuseForeignMutation(request: RequestHead): AppError | null {
  if (!MUTATING_METHODS.has(request.method.toUpperCase())) return null;
  const rejection = checkRequestOrigin({
    origin: request.headers.get('Origin'),
    secFetchSite: request.headers.get('Sec-Fetch-Site'),
    referer: request.headers.get('Referer'),
  }, ownOrigins(request));
  return rejection ? csrfRejected(request, rejection) : null;
}

/**
 * Every action starts here. Refuses (403 `csrf_rejected`) a request whose Origin — or, without it,
 * Sec-Fetch-Site or Referer — is not ours, and one whose form token does not match the session's (or,
 * before sign-in, the pre-session cookie's). Refuses 401 without a session unless `anonymous`.
 */
export async function readMutation(
  request: Request,
  options: { anonymous?: boolean; maxBytes?: number; maxFieldBytes?: number } = {},
): Promise<Mutation> {
  const refusal = refuseForeignMutation(request);
  if (refusal) throw refusal;

  const user = currentUser(request);
  if (!user && !options.anonymous) throw new AppError('unauthenticated', 401, 'sign in first');

  const form = await readForm(request, options.maxBytes ?? FORM_BODY_LIMIT, options.maxFieldBytes ?? FORM_FIELD_LIMIT);
  const sent = form.get('_csrf') ?? request.headers.get('X-CSRF-Token');
  const expected = user ? user.csrfToken : readCookie(request, preSessionCookieName());
  if (!sent) throw csrfRejected(request, 'missing_token_in_body');
  if (!expected || !sameToken(sent, expected)) throw csrfRejected(request, 'token_mismatch');
  return { user, form };
}

function csrfRejected(request: RequestHead, reason: string): AppError {
  logSecurityEvent({ kind: 'csrf_rejected', request, details: { reason } });
  return new AppError('csrf_rejected', 403, 'this request did not come from a page of this site', { reason });
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Reads the body, refusing it with 413 as soon as it passes `maxBytes` (a declared length is checked first). */
export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new AppError('payload_too_large', 413, `the request body is larger than ${maxBytes} bytes`, { maxBytes });
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const declared = Number(request.headers.get('Content-Length') ?? NaN);
  if (declared > maxBytes) {
    await discard(reader);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await discard(reader);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads the rest of a refused body without keeping it, so the client gets its 413 instead of a reset
 * connection. The HTTP server's gate already refused anything declared larger than its global limit;
 * a chunked body that keeps going past that limit is cut off.
 */
async function discard(reader: ReadableStreamDefaultReader<Uint8Array>) {
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    seen += value.byteLength;
    if (seen > DISCARD_LIMIT) {
      await reader.cancel();
      return;
    }
  }
}

const DISCARD_LIMIT = 16 * 1024 * 1024;

async function readForm(request: Request, maxBytes: number, maxFieldBytes: number): Promise<FormFields> {
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  const body = await readBody(request, maxBytes);
  let form: FormFields;
  if (type === 'application/x-www-form-urlencoded' || (type === '' && body.length === 0)) form = parseUrlEncoded(body);
  else if (type === 'application/json') form = parseJson(body);
  else if (type === 'multipart/form-data') form = await parseMultipart(request, body);
  else throw new AppError('unsupported_media_type', 415, `cannot read a ${type || 'typeless'} body here`, { contentType: type });
  const large = form.largestField();
  if (large && large.bytes > maxFieldBytes) {
    throw new AppError('payload_too_large', 413, `field ${large.name} is larger than ${maxFieldBytes} bytes`, { maxBytes: maxFieldBytes, field: large.name });
  }
  return form;
}

function decodeUtf8(bytes: Uint8Array, field: string): string {
  const decoded = decodeUtf8Strict(bytes);
  if (decoded.ok) return decoded.text;
  throw new AppError('invalid_encoding', 422, `field ${field} is not valid UTF-8 at byte ${decoded.byteOffset}`, { field, byteOffset: decoded.byteOffset, line: decoded.line });
}

/** multipart/form-data (file uploads), read from the already size-checked bytes by the platform's parser. */
async function parseMultipart(request: Request, body: Uint8Array): Promise<FormFields> {
  let data: FormData;
  try {
    data = await new Request('http://upload.invalid/', { method: 'POST', headers: { 'Content-Type': request.headers.get('Content-Type')! }, body: Buffer.from(body) }).formData();
  } catch {
    throw new AppError('bad_request', 400, 'the upload is not a well-formed multipart form');
  }
  const entries: [string, string][] = [];
  const files = new Map<string, UploadedFile>();
  for (const [name, value] of data.entries()) {
    if (typeof value === 'string') entries.push([name, value]);
    else if (value.size > 0 || value.name) files.set(name, { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return new FormFields(entries, files);
}

/** application/x-www-form-urlencoded, decoded strictly: `URLSearchParams` would turn bad bytes into U+FFFD. */
export function parseUrlEncoded(body: Uint8Array): FormFields {
  const text = Buffer.from(body).toString('latin1');
  const entries: [string, string][] = [];
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decodeUtf8(percentDecode(rawKey), 'name');
    entries.push([key, decodeUtf8(percentDecode(rawValue), key)]);
  }
  return new FormFields(entries);
}

function percentDecode(s: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '+') bytes.push(0x20);
    else if (c === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(s.charCodeAt(i) & 0xff);
  }
  return Uint8Array.from(bytes);
}

function parseJson(body: Uint8Array): FormFields {
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(body, 'body'));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('bad_request', 400, 'the body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('bad_request', 400, 'the body must be a JSON object');
  }
  const entries: [string, string][] = [];
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') entries.push([key, v]);
    else if (typeof v === 'number' || typeof v === 'boolean') entries.push([key, String(v)]);
  }
  return new FormFields(entries);
}

/**
 * Runs an action and turns an AppError into the product's error shape with its status, as action data
 * (the page shows it next to what the person typed; machines asking for JSON get the body as is). Every
 * permission refusal is written to the security log here, so no route can forget it.
 */
export async function runAction<T>(request: Request, work: () => Promise<T> | T) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) {
      noteRefusal(request, error);
      return errorData(error);
    }
    throw error;
  }
}

function noteRefusal(request: Request, error: AppError) {
  if (error.status !== 403 || error.code === 'csrf_rejected') return;
  logSecurityEvent({ kind: 'permission_refused', request, userId: currentUser(request)?.id ?? null, details: { code: error.code, ...error.details } });
}

/** The error shape with its status (and `Retry-After` when the error says when to come back). */
export function errorData<Extra extends object = object>(error: AppError, extra?: Extra) {
  const headers: Record<string, string> = {};
  if (typeof error.details.retryAfter === 'number') headers['Retry-After'] = String(error.details.retryAfter);
  return data<ErrorBody & Extra>({ ...error.toJSON(), ...(extra as Extra) }, { status: error.status, headers });
}

/**
 * For downloads (resource routes, which have no page to show an error on): the file as a private, never-cached
 * attachment, or an AppError as the error shape in JSON with its status, the refusal logged like any other.
 */
export function downloadResponse(request: Request, make: () => { body: string; contentType: string; disposition: string }): Response {
  try {
    const file = make();
    return new Response(file.body, {
      headers: { 'Content-Type': file.contentType, 'Content-Disposition': file.disposition, 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff' },
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    noteRefusal(request, error);
    return Response.json(error.toJSON(), { status: error.status, headers: { 'Cache-Control': 'no-store' } });
  }
}

/** For loaders: an AppError (a 404, say) is thrown as the error shape for the error boundary to show. */
export function orErrorResponse<T>(request: Request, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof AppError) {
      noteRefusal(request, error);
      throw errorData(error);
    }
    throw error;
  }
}

export async function orErrorResponseAsync<T>(request: Request, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) {
      noteRefusal(request, error);
      throw errorData(error);
    }
    throw error;
  }
}

/**
 * The form token of a visitor who is not signed in (login and setup forms): kept in a cookie, created on
 * first sight. Returns the Set-Cookie header to send when it is new.
 */
export function anonymousFormToken(request: Request): { token: string; setCookie: string | null } {
  const existing = readCookie(request, preSessionCookieName());
  if (existing) return { token: existing, setCookie: null };
  const token = newToken();
  return { token, setCookie: serializePreSessionCookie(token) };
}

/** Only paths of this site: `next=//evil.example` or `next=https://…` would send people away. */
export function safeRedirectPath(to: string | null | undefined, fallback = '/'): string {
  if (!to || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback;
  return to;
}
