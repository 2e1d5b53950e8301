import { describe, expect, it } from 'vitest';
import { checkRequestOrigin } from '~/domain/request-origin';

const own = ['http://localhost:3000'];
const check = (h: Partial<{ origin: string; secFetchSite: string; referer: string }>) =>
  checkRequestOrigin({ origin: h.origin ?? null, secFetchSite: h.secFetchSite ?? null, referer: h.referer ?? null }, own);

describe('the origin half of CSRF protection (security.md CSRF-01 ... 03)', () => {
  it('lets our own pages through', () => {
    expect(check({ origin: 'http://localhost:3000' })).toBeNull();
    expect(check({ secFetchSite: 'same-origin' })).toBeNull();
    expect(check({ referer: 'http://localhost:3000/projects/x' })).toBeNull();
  });

  it('refuses another origin, a cross-site fetch, a foreign referer and a request that says nothing', () => {
    expect(check({ origin: 'https://evil.example', secFetchSite: 'same-origin' })).toBe('foreign_origin');
    expect(check({ origin: 'null' })).toBe('foreign_origin');
    expect(check({ secFetchSite: 'cross-site' })).toBe('cross_site');
    expect(check({ secFetchSite: 'same-site' })).toBe('cross_site');
    expect(check({ referer: 'https://evil.example/x' })).toBe('foreign_referer');
    expect(check({ referer: 'not a url' })).toBe('foreign_referer');
    expect(check({})).toBe('no_origin');
  });
});
