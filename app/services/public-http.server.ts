import { AppError } from '~/domain/errors';
import type { PublicFile } from './publication-files.server';
import type { PublicPage } from './publishing.server';

/**
 * HTTP for public pages (issue 7 "HTTP done right"): a strict CSP (these pages run no script at all), an ETag that
 * answers 304, `immutable` caching for numbered versions and a short, revalidated life for the newest, and the
 * usual hardening headers. Errors for machines in the error shape, for people as a plain page.
 */
const CSP = "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const COMMON = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

/** The headers every public response carries; the static site's `_headers` file repeats them for hosts that read it. */
export function publicSecurityHeaders(): Record<string, string> {
  return { ...COMMON };
}

export function publicResponse(request: Request, page: PublicPage): Response {
  const headers = {
    ...COMMON,
    ETag: page.etag,
    'Cache-Control': page.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=60, must-revalidate',
    Vary: 'Accept-Encoding',
  };
  if (notModified(request, page.etag)) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : page.html, { headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
}

/**
 * A publication's download: like a numbered page (its bytes never change, so `immutable`), with its own type and
 * file name, and its own policy when it carries its style inline (the self-contained HTML).
 */
export function publicFileResponse(request: Request, file: PublicFile): Response {
  const headers = {
    ...COMMON,
    ...(file.csp ? { 'Content-Security-Policy': `${file.csp}; frame-ancestors 'none'` } : {}),
    ETag: file.etag,
    'Cache-Control': 'public, max-age=31536000, immutable',
    'Content-Disposition': file.disposition,
    Vary: 'Accept-Encoding',
  };
  if (notModified(request, file.etag)) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : file.body, { headers: { ...headers, 'Content-Type': file.contentType } });
}

function notModified(request: Request, etag: string): boolean {
  const match = request.headers.get('If-None-Match');
  return !!match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Runs a public page's work; a 404 (not published) answers as JSON to machines and as a short page to people. */
export function publicPageOr404(request: Request, work: () => PublicPage): Response {
  return orNotFound(request, () => publicResponse(request, work()));
}

/** Runs a download's work; a 404 (no such publication, format or version) answers as a page's does. */
export function publicFileOr404(request: Request, work: () => PublicFile): Response {
  return orNotFound(request, () => publicFileResponse(request, work()));
}

function orNotFound(request: Request, respond: () => Response): Response {
  try {
    return respond();
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 404) throw error;
    const json = (request.headers.get('Accept') ?? '').includes('application/json');
    return new Response(json ? JSON.stringify(error.toJSON()) : '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>404</title></head><body><h1>404</h1></body></html>', {
      status: 404, headers: { ...COMMON, 'Content-Type': json ? 'application/json' : 'text/html; charset=utf-8', 'Cache-Control': 'public, max-age=60' },
    });
  }
}
