/**
 * Long documents are shown a page of rows at a time, as Pontoon (batches of 100) and Weblate do: a page of 100 rows
 * is what a volunteer's slow laptop hydrates in well under a second, and what the server renders in a few tens of
 * milliseconds (tests/bench/editor.ts measures both a page and a whole 271-row document). Anyone may still ask for
 * all rows on one page (`page: 'all'`), to search the whole document with the browser or to print it.
 */
export const ROWS_PER_PAGE = 100;

export interface Page<T> {
  items: T[];
  /** 1-based. */
  page: number;
  pages: number;
  /** 1-based positions of the first and last item shown among all items (0 and 0 when there are none). */
  from: number;
  to: number;
  total: number;
}

/**
 * One page of items. Without a page number, the page holding the item `containing` picks (a link to one segment
 * opens the page it is on), else the first; a number past the end gives the last page.
 */
export function pageOf<T>(items: readonly T[], options: { page: number | 'all' | null; size?: number; containing?: (item: T) => boolean }): Page<T> {
  if (options.page === 'all') return { items: [...items], page: 1, pages: 1, from: items.length ? 1 : 0, to: items.length, total: items.length };
  const size = options.size ?? ROWS_PER_PAGE;
  const pages = Math.max(1, Math.ceil(items.length / size));
  let page = options.page !== null && Number.isSafeInteger(options.page) && options.page >= 1 ? Math.min(options.page, pages) : null;
  if (page === null && options.containing) {
    const index = items.findIndex(options.containing);
    page = index < 0 ? 1 : Math.floor(index / size) + 1;
  }
  page ??= 1;
  const start = (page - 1) * size;
  const shown = items.slice(start, start + size);
  return { items: shown, page, pages, from: shown.length ? start + 1 : 0, to: start + shown.length, total: items.length };
}
