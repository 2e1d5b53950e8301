import { describe, expect, it } from 'vitest';
import { allows, type Membership } from '~/domain/permissions';

const P1 = 1;
const P2 = 2;

describe('roles per project and language', () => {
  it('a coordinator does everything in their project, nothing in another', () => {
    const coord: Membership[] = [{ role: 'coordinator', projectId: P1, lang: null }];
    for (const action of ['read', 'translate', 'review', 'manage', 'export'] as const) expect(allows(coord, action, P1, 'th')).toBe(true);
    expect(allows(coord, 'read', P2)).toBe(false);
    expect(allows([{ role: 'coordinator', projectId: null, lang: null }], 'manage', P2)).toBe(true);
  });

  it('a translator translates, suggests, votes and comments in their language only, and never reviews', () => {
    const tr: Membership[] = [{ role: 'translator', projectId: P1, lang: 'th' }];
    expect(allows(tr, 'read', P1)).toBe(true);
    expect(allows(tr, 'translate', P1, 'th')).toBe(true);
    expect(allows(tr, 'translate', P1, 'fr')).toBe(false);
    expect(allows(tr, 'review', P1, 'th')).toBe(false);
    expect(allows(tr, 'manage', P1)).toBe(false);
  });

  it('a reviewer reviews in their language only', () => {
    const rv: Membership[] = [{ role: 'reviewer', projectId: P1, lang: 'th' }];
    expect(allows(rv, 'review', P1, 'th')).toBe(true);
    expect(allows(rv, 'review', P1, 'fr')).toBe(false);
    expect(allows(rv, 'manage', P1)).toBe(false);
  });

  it('two roles never add up to more: reviewer(fr) + translator(all) cannot review th', () => {
    const both: Membership[] = [{ role: 'reviewer', projectId: P1, lang: 'fr' }, { role: 'translator', projectId: P1, lang: null }];
    expect(allows(both, 'review', P1, 'th')).toBe(false);
    expect(allows(both, 'review', P1, 'fr')).toBe(true);
    expect(allows(both, 'translate', P1, 'th')).toBe(true);
  });
});
