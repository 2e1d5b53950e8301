import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { EntryContext } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { renderToPipeableStream } from 'react-dom/server';
import { isRouteErrorResponse } from '@remix-run/react';
import { NonceContext } from './components/nonce';
import { AppError } from './domain/errors';
import { createI18n } from './i18n/instance';
import { detectInterfaceLanguage, resourcesFor } from './i18n/resources.server';
import { closeDb, getDb } from './services/database.server';
import { refuseForeignMutation, wantsJson, type RequestHead } from './services/http.server';

// Create, migrate and seed the database when the server starts, not on the first request.
getDb();

const ABORT_DELAY = 5_000;

/**
 * Renders every page whole (no out-of-order streaming: the pages are small and forms must work before
 * JavaScript loads), with a per-request CSP nonce for Remix's own inline scripts. A request that asks
 * for JSON gets the route's data or error as JSON instead (DESIGN.md "Errors for machines").
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  setSecurityHeaders(responseHeaders);
  if (wantsJson(request)) return jsonResponse(responseStatusCode, responseHeaders, remixContext);
  const nonce = randomBytes(16).toString('base64');
  responseHeaders.set('Content-Security-Policy', contentSecurityPolicy(nonce));
  return new Promise<Response>((resolve, reject) => {
    let failed = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        onAllReady() {
          // The whole page is ready: collect it into one buffer rather than stream it chunk by chunk through
          // a PassThrough and a web stream, which cost more than rendering a 270-segment editor.
          const chunks: Buffer[] = [];
          const sink = new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
              resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: failed ? 500 : responseStatusCode }));
              done();
            },
          });
          pipe(sink);
        },
        onShellError: reject,
        onError(error: unknown) {
          failed = true;
          console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

function setSecurityHeaders(headers: Headers) {
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'same-origin');
  headers.set('X-Frame-Options', 'DENY');
}

function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Progress bars size themselves with style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

function jsonResponse(status: number, headers: Headers, remixContext: EntryContext): Response {
  const context = remixContext.staticHandlerContext;
  const leaf = context.matches[context.matches.length - 1]?.route.id;
  const error = context.errors ? Object.values(context.errors)[0] : null;
  let body: unknown;
  if (error) {
    body = isRouteErrorResponse(error) ? error.data : { error: { code: 'internal', message: 'internal error', details: {} } };
  } else if (context.actionData) {
    body = (leaf && context.actionData[leaf]) ?? Object.values(context.actionData)[0];
  } else {
    body = leaf ? context.loaderData[leaf] : null;
  }
  headers.set('Content-Type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(body ?? null), { status, headers });
}

/** No request body may be larger than this; routes set smaller limits of their own (services/http). */
export const MAX_REQUEST_BYTES = 12 * 1024 * 1024;

/**
 * The HTTP server's gate, run before Remix for every request (app/server.js): refuses a cross-site
 * mutation with 403 `csrf_rejected` and a declared body over the global limit with 413, in the error
 * shape — JSON for machines, a short page in the person's language for people. Remix's own origin check
 * would otherwise answer such a request with a bare 500.
 */
export function screenRequest(head: RequestHead): { status: number; headers: Record<string, string>; body: string } | null {
  let refusal = refuseForeignMutation(head);
  const declared = Number(head.headers.get('Content-Length') ?? NaN);
  if (!refusal && declared > MAX_REQUEST_BYTES) {
    refusal = new AppError('payload_too_large', 413, `the request body is larger than ${MAX_REQUEST_BYTES} bytes`, { maxBytes: MAX_REQUEST_BYTES });
  }
  if (!refusal) return null;
  const headers: Record<string, string> = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
  if (wantsJson(head)) {
    return { status: refusal.status, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(refusal.toJSON()) };
  }
  const locale = detectInterfaceLanguage(head);
  const i18n = createI18n(locale, resourcesFor(locale));
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const title = escape(i18n.t('errors:title', { status: refusal.status }));
  const message = escape(i18n.t(`errors:${refusal.code}`, { ...refusal.details }));
  return {
    status: refusal.status,
    headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'" },
    body: `<!DOCTYPE html><html lang="${escape(locale)}"><meta charset="utf-8"><title>${title}</title><h1>${title}</h1><p>${message}</p><p><code>${escape(refusal.code)}</code></p><p><a href="/">${escape(i18n.t('common:backToDashboard'))}</a></p></html>`,
  };
}

/** Closes the database cleanly when the server stops (the WAL is checkpointed). */
export function shutdown(): void {
  closeDb();
}
