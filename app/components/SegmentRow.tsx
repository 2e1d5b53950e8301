import { Link, useFetcher } from '@remix-run/react';
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorBody } from '~/domain/errors';
import type { LanguageInfo } from '~/domain/languages';
import { expectedTokens } from '~/domain/text/placeholders';
import { needsAttention, stateValue, type StateName } from '~/domain/translation-state';
import type { EditorSegment } from '~/services/editor.server';
import type { SaveResult } from '~/services/translations.server';
import { CsrfInput } from './CsrfInput';
import { SourceText } from './SourceText';
import { StateBadge } from './StateBadge';
import { useHydrated } from './useHydrated';

export type SaveResponse = { ok: true; result: SaveResult } | (ErrorBody & { submitted?: { segment: string; text: string } });

export interface SegmentRowProps {
  segment: EditorSegment;
  number: number;
  lang: LanguageInfo;
  sourceLang: LanguageInfo;
  historyHref: string;
  returnTo: string;
  justSaved: boolean;
  /** The answer to this row's own form post when the page was loaded without JavaScript. */
  postResult?: SaveResponse;
  draftKey: string;
}

/**
 * One segment: the source (with its inline codes as chips) beside a form for the translation.
 * Without JavaScript the form is a plain POST that comes back to this segment; with it, it saves in
 * place, says "saving…/saved", keeps an unsaved draft in the browser, and Ctrl+Enter saves and moves to
 * the next segment that needs work. A conflicting save shows both texts; nothing typed is thrown away.
 */
export const SegmentRow = memo(function SegmentRow(props: SegmentRowProps) {
  const { segment, number, lang, sourceLang } = props;
  const { t } = useTranslation(['editor', 'common', 'errors']);
  const fetcher = useFetcher<SaveResponse>({ key: `save-${segment.key}` });
  const hydrated = useHydrated();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const answer = fetcher.data ?? props.postResult;
  const saved = answer && 'ok' in answer ? answer.result : null;
  const error = answer && 'error' in answer ? answer.error : null;

  const stored = saved ?? (segment.target ? { text: segment.target.text, version: segment.target.version, state: segment.target.state } : null);
  const storedText = stored?.text ?? '';
  const state: StateName = stored?.state ?? 'untranslated';
  const conflict = error?.code === 'version_conflict' ? (error.details.current as ConflictSide) : null;
  const baseVersion = conflict ? conflict.version : stored?.version ?? 0;
  const [dirty, setDirty] = useState(false);
  const [restoredDraft, setRestoredDraft] = useState(false);

  // A draft typed before a crash or a closed tab comes back into the box (cleared once saved).
  useEffect(() => {
    const draft = readDraft(props.draftKey);
    if (draft !== null && textRef.current && draft !== textRef.current.value) {
      textRef.current.value = draft;
      setDirty(true);
      setRestoredDraft(true);
    }
  }, [props.draftKey]);
  useEffect(() => {
    if (saved && textRef.current && textRef.current.value === saved.text) {
      clearDraft(props.draftKey);
      setDirty(false);
      setRestoredDraft(false);
    }
  }, [saved, props.draftKey]);

  if (!segment.translatable) {
    return (
      <li id={`seg-${segment.key}`} className={`segment untranslatable kind-${segment.kind}`} data-attention="false">
        <span className="segment-number" aria-hidden="true">{number}</span>
        <div className="source" lang={sourceLang.tag} dir={sourceLang.dir}>
          {segment.label ? <span className="segment-label">{segment.label}</span> : null}
          <SourceText text={segment.placeholderText} codes={segment.codes} />
        </div>
        <p className="untranslatable-note">{t(`editor:untranslatable.${segment.kind}`, { defaultValue: t('editor:untranslatable.other') })}</p>
      </li>
    );
  }

  const submitting = fetcher.state !== 'idle';
  const status = submitting ? t('editor:status.saving')
    : error ? t(`errors:${error.code}`, { ...error.details, defaultValue: error.message })
    : saved || props.justSaved ? (saved && !saved.changed ? t('editor:status.unchanged') : t('editor:status.saved'))
    : restoredDraft && dirty ? t('editor:status.draftRestored')
    : dirty ? t('editor:status.unsaved') : '';
  const shownText = props.postResult && 'error' in props.postResult ? props.postResult.submitted?.text ?? storedText : storedText;
  const tokens = expectedTokens(segment.codes);
  const formId = `form-${segment.key}`;

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      const form = event.currentTarget.form;
      if (!form) return;
      fetcher.submit(form);
      focusNextNeedingWork(segment.key);
    }
  };

  return (
    <li
      id={`seg-${segment.key}`}
      className={`segment state-${state} kind-${segment.kind}${conflict ? ' has-conflict' : ''}`}
      data-attention={String(needsAttention(stateValue(state)))}
    >
      <span className="segment-number" aria-hidden="true">{number}</span>
      <div className="source" lang={sourceLang.tag} dir={sourceLang.dir} id={`src-${segment.key}`}>
        {segment.label ? <span className="segment-label">{segment.label}</span> : null}
        <SourceText text={segment.placeholderText} codes={segment.codes} />
      </div>
      <fetcher.Form method="post" className="target" id={formId} aria-describedby={`src-${segment.key}`}>
        <CsrfInput />
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="segment" value={segment.key} />
        <input type="hidden" name="baseVersion" value={baseVersion} />
        <input type="hidden" name="returnTo" value={props.returnTo} />
        {hydrated ? <input type="hidden" name="_inline" value="1" /> : null}
        <label className="visually-hidden" htmlFor={`text-${segment.key}`}>
          {t('editor:targetLabel', { number, language: lang.englishName })}
        </label>
        <textarea
          ref={textRef}
          id={`text-${segment.key}`}
          name="text"
          lang={lang.tag}
          dir={lang.dir}
          className={`target-text script-${lang.script}`}
          defaultValue={shownText}
          rows={Math.min(8, Math.max(2, Math.ceil(segment.placeholderText.length / 60)))}
          onKeyDown={onKeyDown}
          onInput={(e) => {
            const value = e.currentTarget.value;
            setDirty(value !== storedText);
            writeDraft(props.draftKey, value, storedText);
          }}
        />
        {conflict ? (
          <div className="conflict" role="alert">
            <p>{t('editor:conflict.explain', { name: conflict.updatedBy ?? t('common:someone') })}</p>
            <p className="conflict-label">{t('editor:conflict.theirs')}</p>
            <p className="conflict-text" lang={lang.tag} dir={lang.dir}>{conflict.text}</p>
            <p className="conflict-help">{t('editor:conflict.help')}</p>
            {hydrated ? (
              <button type="button" onClick={() => { if (textRef.current) textRef.current.value = conflict.text; }}>
                {t('editor:conflict.useTheirs')}
              </button>
            ) : null}
          </div>
        ) : null}
        {error && error.code === 'placeholder_mismatch' ? (
          <p className="field-error" role="alert">{t('editor:placeholders.required', { tokens: (error.details.missing as string[] ?? []).join(' ') })}</p>
        ) : null}
        <div className="target-actions">
          <label className="needs-work">
            <input type="checkbox" name="needsWork" defaultChecked={state === 'needs-work'} />
            {t('editor:needsWork')}
          </label>
          {hydrated && tokens.length > 0 ? (
            <span className="insert-codes" role="group" aria-label={t('editor:insertCode')}>
              {tokens.map((token) => (
                <button type="button" key={token} className="code-button" onClick={() => insertAtCursor(textRef.current, token)}>
                  {token}
                </button>
              ))}
            </span>
          ) : null}
          <button type="submit" className="save" disabled={submitting}>{t('editor:save')}</button>
          <StateBadge state={state} />
          <Link to={props.historyHref} className="history-link">{t('editor:history')}</Link>
          <span className={`save-status${error ? ' is-error' : ''}`} role="status" aria-live="polite">{status}</span>
        </div>
      </fetcher.Form>
    </li>
  );
});

interface ConflictSide {
  version: number;
  text: string;
  state: StateName;
  updatedBy: string | null;
}

function focusNextNeedingWork(fromKey: string) {
  const rows = Array.from(document.querySelectorAll<HTMLLIElement>('li.segment'));
  const at = rows.findIndex((row) => row.id === `seg-${fromKey}`);
  const next = rows.slice(at + 1).find((row) => row.dataset.attention === 'true');
  const box = next?.querySelector<HTMLTextAreaElement>('textarea');
  if (box) {
    box.focus();
    box.scrollIntoView({ block: 'center' });
  }
}

function insertAtCursor(box: HTMLTextAreaElement | null, token: string) {
  if (!box) return;
  const { selectionStart: start, selectionEnd: end, value } = box;
  box.value = value.slice(0, start) + token + value.slice(end);
  box.selectionStart = box.selectionEnd = start + token.length;
  box.focus();
  box.dispatchEvent(new Event('input', { bubbles: true }));
}

// Drafts live in this browser only, until the save that matches them succeeds.
function readDraft(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeDraft(key: string, value: string, stored: string) {
  try {
    if (value === stored) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage full or disabled: the draft is only in the text box, as without JavaScript.
  }
}

function clearDraft(key: string) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing to clear.
  }
}
