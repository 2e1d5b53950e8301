import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from './ProgressBar';

/**
 * The pages of a long document's rows: previous / next (rel prev/next, which Alt+↓/↑ reach at a page's end),
 * each page by its rows, and all rows on one page. Keeps the page's other parameters (the filter).
 */
export function Pager({ page, pages, from, to, total, all, search }: {
  page: number; pages: number; from: number; to: number; total: number; all: boolean; search: string;
}) {
  const { t, i18n } = useTranslation('editor');
  if (pages <= 1 && !all) return null;
  const href = (value: string) => {
    const params = new URLSearchParams(search);
    for (const key of ['page', 'at', 'saved', 'approved', 'suggested', 'index']) params.delete(key);
    params.set('page', value);
    return `?${params}`;
  };
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <span className="pager-range">{t('pager.range', { from: n(from), to: n(to), total: n(total) })}</span>
      {all ? <Link to={href('1')}>{t('pager.inPages')}</Link> : (
        <>
          {page > 1 ? <Link to={href(String(page - 1))} rel="prev">{t('pager.previous')}</Link> : null}
          <ol className="pager-pages">
            {Array.from({ length: pages }, (_, i) => i + 1).map((p) => (
              <li key={p}>{p === page ? <span aria-current="page">{n(p)}</span> : <Link to={href(String(p))} aria-label={t('pager.page', { page: n(p) })}>{n(p)}</Link>}</li>
            ))}
          </ol>
          {page < pages ? <Link to={href(String(page + 1))} rel="next">{t('pager.next')}</Link> : null}
          <Link to={href('all')}>{t('pager.all')}</Link>
        </>
      )}
    </nav>
  );
}
