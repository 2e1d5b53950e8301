import { describe, expect, it } from 'vitest';
import { pageOf } from '~/domain/paging';

const rows = Array.from({ length: 271 }, (_, i) => ({ key: `k${i + 1}` }));

describe('pages of editor rows', () => {
  it('cuts 271 rows into pages of 100, 100 and 71', () => {
    expect(pageOf(rows, { page: null })).toMatchObject({ page: 1, pages: 3, from: 1, to: 100, total: 271 });
    expect(pageOf(rows, { page: 2 })).toMatchObject({ page: 2, from: 101, to: 200 });
    const last = pageOf(rows, { page: 3 });
    expect(last).toMatchObject({ page: 3, from: 201, to: 271 });
    expect(last.items[0].key).toBe('k201');
  });

  it('opens the page holding a linked row unless a page is asked for', () => {
    expect(pageOf(rows, { page: null, containing: (r) => r.key === 'k250' }).page).toBe(3);
    expect(pageOf(rows, { page: 1, containing: (r) => r.key === 'k250' }).page).toBe(1);
    expect(pageOf(rows, { page: null, containing: (r) => r.key === 'nope' }).page).toBe(1);
  });

  it('answers a page past the end with the last one, and nonsense with the first', () => {
    expect(pageOf(rows, { page: 99 }).page).toBe(3);
    expect(pageOf(rows, { page: 0 }).page).toBe(1);
    expect(pageOf(rows, { page: Number.NaN }).page).toBe(1);
  });

  it('puts every row on one page when asked', () => {
    expect(pageOf(rows, { page: 'all' })).toMatchObject({ page: 1, pages: 1, from: 1, to: 271 });
  });

  it('has one empty page for no rows', () => {
    expect(pageOf([], { page: null })).toEqual({ items: [], page: 1, pages: 1, from: 0, to: 0, total: 0 });
  });
});
