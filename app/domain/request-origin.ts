/**
 * CSRF, first half: is this mutation coming from one of our own pages? The browser says so in `Origin`;
 * without it, in `Sec-Fetch-Site`; without both, in `Referer`. A request that says nothing is refused
 * (fail closed, security.md CSRF-03). The second half is the per-session form token (services/csrf).
 */
export type OriginRejection = 'foreign_origin' | 'cross_site' | 'foreign_referer' | 'no_origin';

export interface OriginHeaders {
  origin: string | null;
  secFetchSite: string | null;
  referer: string | null;
}

export function checkRequestOrigin(headers: OriginHeaders, ownOrigins: readonly string[]): OriginRejection | null {
  if (headers.origin !== null) {
    return ownOrigins.includes(headers.origin) ? null : 'foreign_origin';
  }
  if (headers.secFetchSite !== null) {
    return headers.secFetchSite === 'same-origin' ? null : 'cross_site';
  }
  if (headers.referer !== null) {
    try {
      return ownOrigins.includes(new URL(headers.referer).origin) ? null : 'foreign_referer';
    } catch {
      return 'foreign_referer';
    }
  }
  return 'no_origin';
}
