import { AppError } from '~/domain/errors';
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

export function publicResponse(request: Request, page: PublicPage): Response {
  const headers = {
    ...COMMON,
    ETag: page.etag,
    'Cache-Control': page.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=60, must-revalidate',
    Vary: 'Accept-Encoding',
  };
  const match = request.headers.get('If-None-Match');
  if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === page.etag)) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : page.html, { headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
}

/** Runs a public page's work; a 404 (not published) answers as JSON to machines and as a short page to people. */
export function publicPageOr404(request: Request, work: () => PublicPage): Response {
  try {
    return publicResponse(request, work());
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 404) throw error;
    const json = (request.headers.get('Accept') ?? '').includes('application/json');
    return new Response(json ? JSON.stringify(error.toJSON()) : '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>404</title></head><body><h1>404</h1></body></html>', {
      status: 404, headers: { ...COMMON, 'Content-Type': json ? 'application/json' : 'text/html; charset=utf-8', 'Cache-Control': 'public, max-age=60' },
    });
  }
}
