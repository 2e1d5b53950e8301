import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The keyboard shortcuts of the editor, listed on a sheet that `?` opens (a <details> element, so it also opens
 * without JavaScript). Every action here is also a button or link for mouse and screen-reader users.
 */
const SHORTCUTS = [
  { keys: 'Ctrl + Enter', action: 'saveNext' },
  { keys: 'Alt + ↓', action: 'nextAttention' },
  { keys: 'Alt + ↑', action: 'previousAttention' },
  { keys: 'Ctrl + Alt + C', action: 'copySource' },
  { keys: 'Ctrl + Alt + I', action: 'insertCode' },
  { keys: 'Ctrl + Alt + M', action: 'comment' },
  { keys: 'Ctrl + Alt + A', action: 'approve', reviewer: true },
  { keys: 'Ctrl + Alt + R', action: 'reject', reviewer: true },
  { keys: '?', action: 'sheet' },
] as const;

export function ShortcutSheet({ reviewer }: { reviewer: boolean }) {
  const { t } = useTranslation('editor');
  return (
    <details className="shortcut-sheet" id="shortcut-sheet">
      <summary>{t('shortcuts.title')}</summary>
      <p className="hint">{t('shortcutHint')}</p>
      <table>
        <caption className="visually-hidden">{t('shortcuts.title')}</caption>
        <thead><tr><th scope="col">{t('shortcuts.keys')}</th><th scope="col">{t('shortcuts.does')}</th></tr></thead>
        <tbody>
          {SHORTCUTS.filter((s) => !('reviewer' in s) || reviewer).map((s) => (
            <tr key={s.action}><td><kbd>{s.keys}</kbd></td><td>{t(`shortcuts.${s.action}`)}</td></tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** Moves the focus to the next (or previous) segment that still needs work, from the one given or the focused one. */
export function focusNeighbour(fromKey: string | null, direction: 'next' | 'previous') {
  const rows = Array.from(document.querySelectorAll<HTMLLIElement>('li.segment'));
  const from = fromKey ?? document.activeElement?.closest('li.segment')?.id.replace(/^seg-/, '') ?? null;
  const at = from === null ? -1 : rows.findIndex((row) => row.id === `seg-${from}`);
  const candidates = direction === 'next' ? rows.slice(at + 1) : rows.slice(0, Math.max(at, 0)).reverse();
  const target = candidates.find((row) => row.dataset.attention === 'true')?.querySelector<HTMLTextAreaElement>('textarea');
  if (target) {
    target.focus();
    target.scrollIntoView({ block: 'center' });
    return;
  }
  // None left on this page: the pager's link to the next (previous) page, one Enter away.
  document.querySelector<HTMLAnchorElement>(`.pager a[rel="${direction === 'next' ? 'next' : 'prev'}"]`)?.focus();
}

/** Page-wide shortcuts: `?` opens the sheet (when not typing), Alt+↓/↑ move between segments needing work. */
export function useEditorShortcuts(enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
      if (event.key === '?' && !typing && !event.ctrlKey && !event.altKey) {
        const sheet = document.getElementById('shortcut-sheet') as HTMLDetailsElement | null;
        if (sheet) {
          sheet.open = !sheet.open;
          sheet.querySelector('summary')?.focus();
          event.preventDefault();
        }
      } else if (event.altKey && !event.ctrlKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
        focusNeighbour(null, event.key === 'ArrowDown' ? 'next' : 'previous');
        event.preventDefault();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
