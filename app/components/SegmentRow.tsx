import { useFetcher } from '@remix-run/react';
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TFunction } from 'i18next';
import type { ErrorBody } from '~/domain/errors';
import type { LanguageInfo } from '~/domain/languages';
import { expectedTokens } from '~/domain/text/placeholders';
import { needsAttention, stateValue, type StateName } from '~/domain/translation-state';
import type { EditorSegment } from '~/services/editor.server';
import type { SaveResult } from '~/services/translations.server';
import { DiffText } from './DiffText';
import { stateLabels } from './ProgressBar';
import { codeKindLabels, SourceText, type DisplayCode } from './SourceText';
import { StateBadge } from './StateBadge';

export type SaveResponse = { ok: true; result: SaveResult } | (ErrorBody & { submitted?: { segment: string; text: string } });

/** A segment as the editor page sends it to the browser. */
export type RowSegment = Omit<EditorSegment, 'wordCount' | 'codes'> & { codes: DisplayCode[] };

export interface SegmentRowProps {
  segment: RowSegment;
  number: number;
  lang: LanguageInfo;
  sourceLang: LanguageInfo;
  historyHref: string;
  /** Where saves post: this page with its filter, so a post without JavaScript comes back to it. */
  actionPath: string;
  justSaved: boolean;
  /** The answer to this row's own form post when the page was loaded without JavaScript. */
  postResult?: SaveResponse;
  draftKey: string;
  csrfToken: string;
  /** JavaScript runs: rows save in place and offer buttons that need it (one flag for the list, not a hook per row). */
  hydrated: boolean;
  /** The editor's translate function (namespaces editor, common, errors), for the few texts that vary per
   * row; every fixed text comes from `labels`, translated once per page (per-row i18next lookups cost more
   * than the rest of the row on a 270-segment page). */
  t: TFunction;
  labels: RowLabels;
}

export type RowLabels = ReturnType<typeof translateRowLabels>;

// Labels depend only on the translate function's language; i18next instances live for the process.
const labelCache = new WeakMap<object, ReturnType<typeof translateRowLabels>>();

/** Every fixed text of a row, translated once for the whole list (and once per language on the server). */
export function rowLabels(t: TFunction, i18n: object) {
  let labels = labelCache.get(i18n);
  if (!labels) {
    labels = translateRowLabels(t);
    labelCache.set(i18n, labels);
  }
  return labels;
}

function translateRowLabels(t: TFunction) {
  return {
    save: t('editor:save'),
    history: t('editor:history'),
    needsWork: t('editor:needsWork'),
    sourceChanged: t('editor:sourceChanged'),
    insertCode: t('editor:insertCode'),
    status: {
      saving: t('editor:status.saving'),
      saved: t('editor:status.saved'),
      unchanged: t('editor:status.unchanged'),
      unsaved: t('editor:status.unsaved'),
      notSaved: t('editor:status.notSaved'),
      draftRestored: t('editor:status.draftRestored'),
    },
    codeKinds: codeKindLabels(t),
    conflict: { theirs: t('editor:conflict.theirs'), help: t('editor:conflict.help'), useTheirs: t('editor:conflict.useTheirs') },
    state: stateLabels(t),
    untranslatable: {
      signatory: t('editor:untranslatable.signatory'),
      metadata: t('editor:untranslatable.metadata'),
      'non-translatable': t('editor:untranslatable.non-translatable'),
      other: t('editor:untranslatable.other'),
    } as Record<string, string>,
  };
}

/**
 * One segment: the source (with its inline codes as chips) beside a form for the translation.
 * Without JavaScript the form is a plain POST that comes back to this segment; with it, it saves in
 * place, says "saving…/saved", keeps an unsaved draft in the browser, and Ctrl+Enter saves and moves to
 * the next segment that needs work. A conflicting save shows both texts; nothing typed is thrown away.
 */
export const SegmentRow = memo(function SegmentRow(props: SegmentRowProps) {
  return props.segment.translatable ? <TranslatableRow {...props} /> : <UntranslatableRow {...props} />;
});

/** Signatories, metadata and page chrome: shown dimmed in place, with why they are not translated. */
function UntranslatableRow({ segment, number, sourceLang, labels }: SegmentRowProps) {
  return (
    <li id={`seg-${segment.key}`} className={`segment untranslatable kind-${segment.kind}`} data-attention="false" data-n={number}>
      <div className="source" lang={sourceLang.tag} dir={sourceLang.dir}>
        {segment.label ? <span className="segment-label">{displayLabel(segment.label)}</span> : null}
        <SourceText text={segment.placeholderText} codes={segment.codes} kinds={labels.codeKinds} />
      </div>
      <p className="untranslatable-note">{labels.untranslatable[segment.kind] ?? labels.untranslatable.other}</p>
    </li>
  );
}

function TranslatableRow(props: SegmentRowProps) {
  const { segment, number, lang, sourceLang } = props;
  const { t, labels } = props;
  const fetcher = useFetcher<SaveResponse>({ key: `save-${segment.key}` });
  const { hydrated } = props;
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
    if (draft !== null && textRef.current && draft === textRef.current.value) clearDraft(props.draftKey); // saved since
    else if (draft !== null && textRef.current) {
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

  const submitting = fetcher.state !== 'idle';
  const status = submitting ? labels.status.saving
    : error?.code === 'placeholder_mismatch' ? labels.status.notSaved
    : error ? t(`errors:${error.code}`, { ...error.details, defaultValue: error.message })
    : saved || props.justSaved ? (saved && !saved.changed ? labels.status.unchanged : labels.status.saved)
    : restoredDraft && dirty ? labels.status.draftRestored
    : dirty ? labels.status.unsaved : '';
  // One live region for the whole list (#editor-announcer) tells screen readers what happened to a save.
  useEffect(() => {
    if (!status || status === labels.status.unsaved) return;
    const announcer = document.getElementById('editor-announcer');
    if (announcer) announcer.textContent = `${number}: ${status}`;
  }, [status, number, labels.status.unsaved]);
  const shownText = props.postResult && 'error' in props.postResult ? props.postResult.submitted?.text ?? storedText : storedText;
  const tokens = expectedTokens(segment.codes);
  const needsWorkRef = useRef<HTMLInputElement>(null);

  // With JavaScript a row saves itself alone, in place; without it, its button posts the page's one form.
  const saveThisRow = () => {
    const body = new FormData();
    body.set('_csrf', props.csrfToken);
    body.set('intent', 'save');
    body.set('segment', segment.key);
    body.set(`text.${segment.key}`, textRef.current?.value ?? '');
    body.set(`version.${segment.key}`, String(baseVersion));
    if (needsWorkRef.current?.checked) body.set(`needsWork.${segment.key}`, 'on');
    body.set('_inline', '1');
    fetcher.submit(body, { method: 'post', action: props.actionPath });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      saveThisRow();
      focusNextNeedingWork(segment.key);
    }
  };

  return (
    <li
      id={`seg-${segment.key}`}
      className={`segment state-${state} kind-${segment.kind}${conflict ? ' has-conflict' : ''}`}
      data-attention={String(needsAttention(stateValue(state)))}
      data-n={number}
    >
      <div className="source" lang={sourceLang.tag} dir={sourceLang.dir} id={`src-${segment.key}`}>
        {segment.label ? <span className="segment-label">{displayLabel(segment.label)}</span> : null}
        <SourceText text={segment.placeholderText} codes={segment.codes} kinds={labels.codeKinds} />
      </div>
      <div className="target">
        {segment.sourceDiff ? (
          <p className="source-changed">
            <span className="source-changed-label">{labels.sourceChanged}</span>{' '}
            <span lang={sourceLang.tag} dir={sourceLang.dir}><DiffText parts={segment.sourceDiff} /></span>
          </p>
        ) : null}
        <input type="hidden" name={`version.${segment.key}`} value={baseVersion} />
        <textarea
          ref={textRef}
          aria-labelledby={`target-label src-${segment.key}`}
          name={`text.${segment.key}`}
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
            <p className="conflict-label">{labels.conflict.theirs}</p>
            <p className="conflict-text" lang={lang.tag} dir={lang.dir}>{conflict.text}</p>
            <p className="conflict-help">{labels.conflict.help}</p>
            {hydrated ? (
              <button type="button" onClick={() => { if (textRef.current) textRef.current.value = conflict.text; }}>
                {labels.conflict.useTheirs}
              </button>
            ) : null}
          </div>
        ) : null}
        {error && error.code === 'placeholder_mismatch' ? (
          <p className="field-error" role="alert">{t('editor:placeholders.required', { tokens: (error.details.missing as string[] ?? []).join(' ') })}</p>
        ) : null}
          <label className="needs-work">
            <input type="checkbox" ref={needsWorkRef} name={`needsWork.${segment.key}`} defaultChecked={state === 'needs-work'} />
            {labels.needsWork}
          </label>
          {hydrated && tokens.length > 0 ? (
            <span className="insert-codes" role="group" aria-label={labels.insertCode}>
              {tokens.map((token) => (
                <button type="button" key={token} className="code-button" onClick={() => insertAtCursor(textRef.current, token)}>
                  {token}
                </button>
              ))}
            </span>
          ) : null}
          <button type="submit" name="segment" value={segment.key} className="save" disabled={submitting} onClick={(event) => {
            if (!hydrated) return;
            event.preventDefault();
            saveThisRow();
          }}>{labels.save}</button>
          <StateBadge state={state} label={labels.state[state]} />
          <a href={props.historyHref} className="history-link">{labels.history}</a>
          {status ? <span className={`save-status${error ? ' is-error' : ''}`}>{status}</span> : null}
      </div>
    </li>
  );
}

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

/** Markdown's `-`, `*` and `+` list markers are shown as the bullet a reader sees; other labels as written. */
function displayLabel(label: string): string {
  return /^[-*+]$/.test(label) ? '•' : label;
}
