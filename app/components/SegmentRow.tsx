import { useFetcher } from '@remix-run/react';
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TFunction } from 'i18next';
import type { ErrorBody } from '~/domain/errors';
import type { LanguageInfo } from '~/domain/languages';
import { expectedTokens, parsePlaceholders } from '~/domain/text/placeholders';
import { needsAttention, stateValue, type StateName } from '~/domain/translation-state';
import type { EditorSegment } from '~/services/editor.server';
import type { SaveResult } from '~/services/translations.server';
import { DiffText } from './DiffText';
import { stateLabels } from './ProgressBar';
import { focusNeighbour } from './ShortcutSheet';
import { codeKindLabels, SourceText, type DisplayCode } from './SourceText';
import { StateBadge } from './StateBadge';

export type SaveResponse =
  | { ok: true; result: SaveResult }
  | { ok: true; segment: string; suggested: number }
  | (ErrorBody & { submitted?: { segment: string; text: string | null } });

/** A segment as the editor page sends it to the browser. */
/**
 * A row as the page's data carries it: what is empty is left out (no label, no codes, no comments…), which keeps
 * the data of a 270-segment page a third smaller and cheaper to serialise (tests/bench/editor.ts).
 */
export type RowSegment = Omit<EditorSegment, 'wordCount' | 'codes' | 'label' | 'openThreads' | 'openSuggestions' | 'target'> & {
  label?: string;
  codes?: DisplayCode[];
  openThreads?: number;
  openSuggestions?: number;
  target: { text: string; state: StateName; version: number; byViewer?: true } | null;
};

/** The row of the page's data for a segment of the editor's (see RowSegment). */
export function rowSegment(s: EditorSegment): RowSegment {
  const row: RowSegment = {
    key: s.key, position: s.position, kind: s.kind, placeholderText: s.placeholderText, translatable: s.translatable,
    target: s.target === null ? null : { text: s.target.text, state: s.target.state, version: s.target.version, ...(s.target.byViewer ? { byViewer: true as const } : {}) },
  };
  if (s.label !== null) row.label = s.label;
  if (s.codes.length > 0) row.codes = s.codes.map(({ close: _close, ...c }) => c);
  if (s.openThreads > 0) row.openThreads = s.openThreads;
  if (s.openSuggestions > 0) row.openSuggestions = s.openSuggestions;
  if (s.sourceDiff) row.sourceDiff = s.sourceDiff;
  return row;
}

const NO_CODES: DisplayCode[] = [];

export interface RowPermissions {
  translate: boolean;
  suggest: boolean;
  review: boolean;
  saveDirectly: boolean;
  approveOwn: boolean;
}

export interface SegmentRowProps {
  segment: RowSegment;
  number: number;
  lang: LanguageInfo;
  sourceLang: LanguageInfo;
  /** The segment's own page: history, suggestions and votes, comments, review with a comment. */
  detailsHref: string;
  /** Where saves post: this page with its filter, so a post without JavaScript comes back to it. */
  actionPath: string;
  /** What the last whole-page post did to this row (it is the row whose button was pressed). */
  justDone: 'saved' | 'approved' | 'suggested' | null;
  /** The answer to this row's part of a whole-page post (no JavaScript). */
  postResult?: SaveResponse;
  draftKey: string;
  csrfToken: string;
  /** JavaScript runs: rows save in place and offer buttons that need it (one flag for the list, not a hook per row). */
  hydrated: boolean;
  may: RowPermissions;
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
    suggest: t('editor:suggest'),
    approve: t('editor:approve'),
    select: t('editor:selectForApproval'),
    details: t('editor:details'),
    needsWork: t('editor:needsWork'),
    sourceChanged: t('editor:sourceChanged'),
    insertCode: t('editor:insertCode'),
    suggestHint: t('editor:suggestHint'),
    status: {
      saving: t('editor:status.saving'),
      saved: t('editor:status.saved'),
      unchanged: t('editor:status.unchanged'),
      unsaved: t('editor:status.unsaved'),
      notSaved: t('editor:status.notSaved'),
      draftRestored: t('editor:status.draftRestored'),
      suggested: t('editor:status.suggested'),
      approved: t('editor:status.approved'),
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
 * One segment: the source (with its inline codes as chips) beside the translation. Without JavaScript the
 * row's buttons post the page's one form; with it the row acts in place, says "saving…/saved", keeps an unsaved
 * draft in the browser, and answers the keyboard shortcuts (ShortcutSheet). A translator whose save would
 * overwrite someone else's finished work is offered "Suggest" instead; a reviewer also gets "Approve" and a
 * checkbox for approving several at once. A conflicting save shows both texts; nothing typed is thrown away.
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
        <SourceText text={segment.placeholderText} codes={segment.codes ?? NO_CODES} kinds={labels.codeKinds} />
      </div>
      <p className="untranslatable-note">{labels.untranslatable[segment.kind] ?? labels.untranslatable.other}</p>
    </li>
  );
}

function TranslatableRow(props: SegmentRowProps) {
  const { segment, number, lang, sourceLang, t, labels, hydrated, may } = props;
  const fetcher = useFetcher<SaveResponse>({ key: `row-${segment.key}` });
  const textRef = useRef<HTMLTextAreaElement>(null);
  const needsWorkRef = useRef<HTMLInputElement>(null);
  const lastCommand = useRef<'save' | 'suggest' | 'approve' | null>(null);
  const answer = fetcher.data ?? props.postResult;
  const saved = answer && 'result' in answer ? answer.result : null;
  const suggested = answer && 'suggested' in answer;
  const error = answer && 'error' in answer ? answer.error : null;

  const stored = saved ?? (segment.target ? { text: segment.target.text, version: segment.target.version, state: segment.target.state } : null);
  const storedText = stored?.text ?? '';
  const state: StateName = stored?.state ?? 'untranslated';
  const conflict = error?.code === 'version_conflict' ? (error.details.current as ConflictSide) : null;
  const baseVersion = conflict ? conflict.version : stored?.version ?? 0;
  const byViewer = segment.target?.byViewer ?? false;
  // Where a save would overwrite someone else's finished (or approved) text, a translator suggests instead.
  const suggestOnly = !may.review && (!may.saveDirectly || (state === 'approved') || (stateValue(state) >= stateValue('translated') && !byViewer && segment.target !== null));
  const mayApprove = may.review && stored !== null && storedText !== '' && state !== 'approved' && (may.approveOwn || !byViewer);
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
    if ((saved && textRef.current && textRef.current.value === saved.text) || suggested) {
      clearDraft(props.draftKey);
      setDirty(false);
      setRestoredDraft(false);
      if (suggested && textRef.current) textRef.current.value = storedText;
    }
  }, [saved, suggested, storedText, props.draftKey]);

  const submitting = fetcher.state !== 'idle';
  const done = props.justDone;
  const status = submitting ? labels.status.saving
    : error?.code === 'placeholder_mismatch' ? labels.status.notSaved
    : error ? t(`errors:${error.code}`, { ...error.details, defaultValue: error.message })
    : suggested || done === 'suggested' ? labels.status.suggested
    : (saved && lastCommand.current === 'approve') || done === 'approved' ? labels.status.approved
    : saved || done === 'saved' ? (saved && !saved.changed ? labels.status.unchanged : labels.status.saved)
    : restoredDraft && dirty ? labels.status.draftRestored
    : dirty ? labels.status.unsaved : '';
  // One live region for the whole list (#editor-announcer) tells screen readers what happened to a save.
  useEffect(() => {
    if (!status || status === labels.status.unsaved) return;
    const announcer = document.getElementById('editor-announcer');
    if (announcer) announcer.textContent = `${number}: ${status}`;
  }, [status, number, labels.status.unsaved]);
  const shownText = props.postResult && 'error' in props.postResult ? props.postResult.submitted?.text ?? storedText : storedText;
  const tokens = expectedTokens(segment.codes ?? NO_CODES);

  // With JavaScript a row acts alone, in place; without it, its buttons post the page's one form.
  const submitRow = (button: 'save' | 'suggest' | 'approve') => {
    lastCommand.current = button;
    const body = new FormData();
    body.set('_csrf', props.csrfToken);
    if (button === 'approve') body.set('approve', `${segment.key}:${baseVersion}`);
    else {
      body.set(button, segment.key);
      body.set(`text.${segment.key}`, textRef.current?.value ?? '');
      body.set(`version.${segment.key}`, String(baseVersion));
      if (needsWorkRef.current?.checked) body.set(`needsWork.${segment.key}`, 'on');
    }
    body.set('_inline', '1');
    fetcher.submit(body, { method: 'post', action: props.actionPath });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const box = event.currentTarget;
    const command = rowShortcut(event);
    if (!command) return;
    event.preventDefault();
    if (command === 'save-next') {
      submitRow(suggestOnly ? 'suggest' : 'save');
      focusNeighbour(segment.key, 'next');
    } else if (command === 'copy-source') {
      box.value = segment.placeholderText;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    } else if (command === 'insert-code') {
      const next = nextMissingToken(box.value, tokens);
      if (next) insertAtCursor(box, next);
    } else if (command === 'approve' && mayApprove) {
      submitRow('approve');
      focusNeighbour(segment.key, 'next');
    } else if (command === 'reject' || command === 'comment') {
      window.location.assign(`${props.detailsHref}#${command === 'reject' ? 'reject' : 'comment'}`);
    }
  };

  return (
    <li
      id={`seg-${segment.key}`}
      className={`segment state-${state} kind-${segment.kind}${conflict ? ' has-conflict' : ''}${segment.openThreads ? ' has-comments' : ''}`}
      data-attention={String(needsAttention(stateValue(state)))}
      data-n={number}
    >
      <div className="source" lang={sourceLang.tag} dir={sourceLang.dir} id={`src-${segment.key}`}>
        {segment.label ? <span className="segment-label">{displayLabel(segment.label)}</span> : null}
        <SourceText text={segment.placeholderText} codes={segment.codes ?? NO_CODES} kinds={labels.codeKinds} />
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
          readOnly={!may.translate && !may.suggest}
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
        {suggestOnly && may.suggest ? <p className="hint">{labels.suggestHint}</p> : null}
        {may.translate || may.suggest ? (
          <label className="needs-work">
            <input type="checkbox" ref={needsWorkRef} name={`needsWork.${segment.key}`} defaultChecked={state === 'needs-work'} />
            {labels.needsWork}
          </label>
        ) : null}
        {hydrated && tokens.length > 0 ? (
          <span className="insert-codes" role="group" aria-label={labels.insertCode}>
            {tokens.map((token) => (
              <button type="button" key={token} className="code-button" onClick={() => insertAtCursor(textRef.current, token)}>
                {token}
              </button>
            ))}
          </span>
        ) : null}
        {suggestOnly ? (
          may.suggest ? <button type="submit" name="suggest" value={segment.key} className="save" disabled={submitting} onClick={(event) => {
            if (!hydrated) return;
            event.preventDefault();
            submitRow('suggest');
          }}>{labels.suggest}</button> : null
        ) : may.translate ? (
          <button type="submit" name="save" value={segment.key} className="save" disabled={submitting} onClick={(event) => {
            if (!hydrated) return;
            event.preventDefault();
            submitRow('save');
          }}>{labels.save}</button>
        ) : null}
        {mayApprove ? (
          <>
            <button type="submit" name="approve" value={`${segment.key}:${baseVersion}`} className="approve" disabled={submitting} onClick={(event) => {
              if (!hydrated) return;
              event.preventDefault();
              submitRow('approve');
            }}>{labels.approve}</button>
            <label className="select-approve"><input type="checkbox" name="select" value={`${segment.key}:${baseVersion}`} /> <span className="visually-hidden">{labels.select}</span></label>
          </>
        ) : null}
        <StateBadge state={state} label={labels.state[state]} />
        <a href={props.detailsHref} className="details-link">
          {labels.details}
          {segment.openThreads ? <span className="badge comments">{t('editor:threadCount', { count: segment.openThreads })}</span> : null}
          {segment.openSuggestions ? <span className="badge suggestions">{t('editor:suggestionCount', { count: segment.openSuggestions })}</span> : null}
        </a>
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

type RowCommand = 'save-next' | 'copy-source' | 'insert-code' | 'approve' | 'reject' | 'comment';

/** The row shortcuts of the sheet (ShortcutSheet lists them). */
function rowShortcut(event: KeyboardEvent<HTMLTextAreaElement>): RowCommand | null {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey) return 'save-next';
  if (!(event.ctrlKey && event.altKey)) return null;
  switch (event.code) {
    case 'KeyC': return 'copy-source';
    case 'KeyI': return 'insert-code';
    case 'KeyA': return 'approve';
    case 'KeyR': return 'reject';
    case 'KeyM': return 'comment';
    default: return null;
  }
}

/** The first placeholder of the source that the translation does not have yet. */
function nextMissingToken(text: string, tokens: string[]): string | null {
  const present = parsePlaceholders(text).filter((p) => p.type !== 'text').map((p) => ('token' in p ? p.token : ''));
  const remaining = [...present];
  for (const token of tokens) {
    const at = remaining.indexOf(token);
    if (at < 0) return token;
    remaining.splice(at, 1);
  }
  return null;
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
